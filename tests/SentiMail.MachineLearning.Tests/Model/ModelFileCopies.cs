using System.IO.Compression;
using SentiMail.MachineLearning.Model;

namespace SentiMail.MachineLearning.Tests.Model;

/// <summary>Copies of the shipped model file with one part changed, for the tests of damaged and unusual models.</summary>
internal static class ModelFileCopies
{
    /// <summary>Writes a copy of the shipped model file with one entry changed by <paramref name="change"/>, or left out
    /// when it is <see langword="null"/>. Unless <paramref name="checksums"/> is <see cref="Checksums.Kept"/>, the
    /// metadata then records the changed entries' SHA-256, as a crafted file would, so that the readers behind the
    /// checksum check meet the damage.</summary>
    internal static async Task<string> CopyOfTheShippedModelAsync(string entryName, Func<byte[], byte[]>? change, Checksums checksums = Checksums.Updated)
    {
        var path = TestPaths.TempFile(".zip");
        var entries = new List<(string Name, byte[] Bytes)>();
        await using (var embedded = typeof(SpamModel).Assembly.GetManifestResourceStream("SentiMail.MachineLearning.sentimail-spam-model.zip")!)
        using (var source = new ZipArchive(embedded, ZipArchiveMode.Read))
        {
            foreach (var entry in source.Entries)
            {
                using var input = entry.Open();
                using var buffer = new MemoryStream();
                await input.CopyToAsync(buffer);
                if (entry.FullName != entryName || change is not null)
                {
                    entries.Add((entry.FullName, entry.FullName == entryName ? change!(buffer.ToArray()) : buffer.ToArray()));
                }
            }
        }

        var metadata = entries.FindIndex(e => e.Name == "metadata.json");
        if (checksums != Checksums.Kept && metadata >= 0 && ParseOrNull(entries[metadata].Bytes) is System.Text.Json.Nodes.JsonObject json)
        {
            foreach (var (property, entry) in new[] { ("pipelineSha256", "model.zip"), ("tokensSha256", "tokens.bin") })
            {
                var bytes = entries.Find(e => e.Name == entry).Bytes;
                json.Remove(property);
                if (checksums == Checksums.Updated && bytes is not null)
                {
                    json[property] = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(bytes));
                }
            }

            entries[metadata] = ("metadata.json", System.Text.Encoding.UTF8.GetBytes(json.ToJsonString()));
        }

        using var target = ZipFile.Open(path, ZipArchiveMode.Create);
        foreach (var (name, bytes) in entries)
        {
            using var output = target.CreateEntry(name).Open();
            await output.WriteAsync(bytes);
        }

        return path;
    }

    /// <summary>The metadata as JSON, or <see langword="null"/> when a test made it something else.</summary>
    private static System.Text.Json.Nodes.JsonNode? ParseOrNull(byte[] bytes)
    {
        try
        {
            return System.Text.Json.Nodes.JsonNode.Parse(bytes);
        }
        catch (System.Text.Json.JsonException)
        {
            return null;
        }
    }

    /// <summary>What a copy of the shipped model records about its entries.</summary>
    internal enum Checksums
    {
        /// <summary>The checksums of the entries as changed (a crafted file).</summary>
        Updated,

        /// <summary>The shipped file's checksums (a file damaged after it was written).</summary>
        Kept,

        /// <summary>None (a file written before checksums were recorded).</summary>
        Removed,
    }

    /// <summary>Rewrites one entry of the ML.NET pipeline (itself a zip) with <paramref name="change"/>.</summary>
    internal static byte[] ChangePipelineEntry(byte[] pipeline, string entryName, Func<byte[], byte[]> change)
    {
        using var output = new MemoryStream();
        using (var source = new ZipArchive(new MemoryStream(pipeline), ZipArchiveMode.Read))
        using (var target = new ZipArchive(output, ZipArchiveMode.Create, leaveOpen: true))
        {
            Assert.NotNull(source.GetEntry(entryName));
            foreach (var entry in source.Entries)
            {
                using var input = entry.Open();
                using var buffer = new MemoryStream();
                input.CopyTo(buffer);
                using var stream = target.CreateEntry(entry.FullName).Open();
                stream.Write(entry.FullName == entryName ? change(buffer.ToArray()) : buffer.ToArray());
            }
        }

        return output.ToArray();
    }
}
