using System.IO.Compression;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using SentiMail.MachineLearning.Model;
using SentiMail.Testing;
using static SentiMail.MachineLearning.Tests.Model.ModelFileCopies;

namespace SentiMail.MachineLearning.Tests.Model;

public sealed class ModelLoadingTests
{
    [Fact]
    public void MissingFile_FailsAtStartUpNamingTheFile()
    {
        var path = Path.Combine(Path.GetTempPath(), "sentimail-no-such-model-" + Guid.NewGuid().ToString("N") + ".zip");

        var error = StartUpError(path);

        Assert.Contains(path, error.Message, StringComparison.Ordinal);
        Assert.Contains("cannot be read", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RandomBytes_FailAtStartUpAsNotAModel()
    {
        var path = TestPaths.TempFile(".zip");
        var bytes = new byte[4096];
        new Random(7).NextBytes(bytes);
        await File.WriteAllBytesAsync(path, bytes);

        var error = StartUpError(path);

        Assert.Contains("is not a valid SentiMail model", error.Message, StringComparison.Ordinal);
        Assert.Contains(path, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ZipWithoutMetadata_FailsAtStartUp()
    {
        var path = TestPaths.TempFile(".zip");
        using (var archive = ZipFile.Open(path, ZipArchiveMode.Create))
        {
            using var entry = archive.CreateEntry("model.zip").Open();
            await entry.WriteAsync(new byte[] { 1, 2, 3 });
        }

        var error = StartUpError(path);

        Assert.Contains("has no metadata.json", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DamagedInnerModel_FailsAtStartUp()
    {
        // A real model file whose ML.NET part is cut short: metadata reads fine, the pipeline does not.
        var path = await CopyOfTheShippedModelAsync("model.zip", bytes => bytes[..(bytes.Length / 2)]);

        var error = StartUpError(path);

        Assert.Contains("is not a valid SentiMail model", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("model.zip")]
    [InlineData("tokens.bin")]
    public async Task AnEntryDamagedAfterItWasWritten_FailsOnItsChecksumBeforeItIsRead(string entry)
    {
        // One byte changed in the middle, the rest of the file intact (the zip's own CRC matches the new bytes).
        var path = await CopyOfTheShippedModelAsync(entry, bytes =>
        {
            var copy = (byte[])bytes.Clone();
            copy[copy.Length / 2] ^= 0x5a;
            return copy;
        }, Checksums.Kept);

        var error = StartUpError(path);

        Assert.Contains($"its {entry} does not match the SHA-256 its metadata records: the file is damaged", error.Message, StringComparison.Ordinal);
        Assert.Contains(path, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TheShippedModel_RecordsTheChecksumOfEachEntry()
    {
        var metadata = SpamModel.LoadEmbedded().Metadata;

        Assert.Matches("^[0-9a-f]{64}$", metadata.PipelineSha256);
        Assert.Matches("^[0-9a-f]{64}$", metadata.TokensSha256);
    }

    [Fact]
    public async Task AFileWrittenBeforeChecksumsWereRecorded_StillLoads()
    {
        var path = await CopyOfTheShippedModelAsync("metadata.json", bytes => bytes, Checksums.Removed);

        var model = SpamModel.Load(path);

        Assert.Null(model.Metadata.PipelineSha256);
        Assert.Null(model.Metadata.TokensSha256);
        Assert.Equal(SpamModel.LoadEmbedded().OperatingPoint, model.OperatingPoint);
    }

    [Fact]
    public async Task APipelineDamageThatMLNetReportsThroughReflection_IsStillAClearStartUpError()
    {
        // A pipeline whose training schema is cut short: ML.NET's nested loader fails inside a constructor it calls by
        // reflection, which wraps the error in a TargetInvocationException.
        var path = await CopyOfTheShippedModelAsync("model.zip", bytes =>
            ChangePipelineEntry(bytes, "TransformerChain/Transform_001/TrainSchema", schema => schema[..(schema.Length / 2)]));

        var error = StartUpError(path);

        Assert.Contains("is not a valid SentiMail model", error.Message, StringComparison.Ordinal);
        Assert.Contains(path, error.Message, StringComparison.Ordinal);
        Assert.False(error.Message.Contains("target of an invocation", StringComparison.Ordinal), error.Message);
    }

    [Fact]
    public async Task MissingTokenStatistics_FailAtStartUp()
    {
        var path = await CopyOfTheShippedModelAsync("tokens.bin", null);

        var error = StartUpError(path);

        Assert.Contains("has no tokens.bin", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("truncated", "the token statistics end after")]
    [InlineData("signature", "do not start with their signature")]
    [InlineData("trailing", "bytes after their last token")]
    [InlineData("count", "token 0 of the token statistics is damaged")]
    [InlineData("huge", "tokens")]
    public async Task DamagedTokenStatistics_FailAtStartUp(string damage, string expected)
    {
        var path = await CopyOfTheShippedModelAsync("tokens.bin", bytes =>
        {
            var copy = (byte[])bytes.Clone();
            switch (damage)
            {
                case "truncated":
                    return copy[..(copy.Length - 10)];
                case "signature":
                    copy[0] ^= 0xff;
                    return copy;
                case "trailing":
                    return [.. copy, 0];
                case "count":
                    // The first token's spam count (after the 20-byte header and its 8-byte hash) beyond the spam total.
                    System.Buffers.Binary.BinaryPrimitives.WriteInt32LittleEndian(copy.AsSpan(28), int.MaxValue);
                    return copy;
                default:
                    // A token count that would make the reader allocate without end.
                    System.Buffers.Binary.BinaryPrimitives.WriteInt32LittleEndian(copy.AsSpan(16), int.MaxValue);
                    return copy;
            }
        });

        var error = StartUpError(path);

        Assert.Contains("is not a valid SentiMail model", error.Message, StringComparison.Ordinal);
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void MissingFile_AlsoFailsWhenTheEngineIsCreatedWithoutAHost()
    {
        using var services = new ServiceCollection().AddSentiMail().AddMachineLearning(o => o.ModelPath = "/nonexistent/model.zip").Services.BuildServiceProvider();

        var error = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IEmailAnalyzer>());

        Assert.Contains("/nonexistent/model.zip", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void InvalidBounds_AreListedTogether()
    {
        using var services = new ServiceCollection().AddSentiMail().AddMachineLearning(o =>
        {
            o.MaxRaise = 120;
            o.MaxLower = -1;
            o.OperatingPointWeight = 0;
            o.OperatingPoint = 0.4;
        }).Services.BuildServiceProvider();

        var error = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IStartupValidator>().Validate());

        Assert.Contains("MaxRaise", error.Message, StringComparison.Ordinal);
        Assert.Contains("MaxLower", error.Message, StringComparison.Ordinal);
        Assert.Contains("OperatingPointWeight", error.Message, StringComparison.Ordinal);
        Assert.Contains("OperatingPoint must be above 0.5", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("\"formatVersion\": 3", "\"formatVersion\": 2", "its format version is 2")]
    [InlineData("\"operatingPoint\": 0.", "\"operatingPoint\": 0.3", "its operating point is 0.3")]
    [InlineData("\"tokenWeight\": ", "\"tokenWeight\": -1", "its blend weights are missing, negative or not numbers")]
    [InlineData("\"tokens\": ", "\"tokens\": 12", "its token statistics hold")]
    public async Task OlderOrInconsistentMetadata_FailsAtStartUp(string find, string replace, string expected)
    {
        // A model of an older format would read the current features wrongly; a model without a usable operating point
        // could not be weighed.
        var path = await CopyOfTheShippedModelAsync("metadata.json", bytes =>
        {
            var json = System.Text.Encoding.UTF8.GetString(bytes);
            Assert.Contains(find, json, StringComparison.Ordinal);
            var at = json.IndexOf(find, StringComparison.Ordinal);
            var end = json.IndexOfAny([',', '}'], at);
            return System.Text.Encoding.UTF8.GetBytes(json[..at] + replace + json[end..]);
        });

        var error = StartUpError(path);

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("metadata.json")]
    [InlineData("model.zip")]
    public async Task OversizedEntry_IsRefusedBeforeItIsUnpacked(string entry)
    {
        // Zeros: the entry packs to a few kilobytes and would unpack to one byte more than the limit.
        var limit = entry == "metadata.json" ? SpamModel.MaxMetadataBytes : SpamModel.MaxPipelineBytes;
        var path = await CopyOfTheShippedModelAsync(entry, _ => new byte[limit + 1]);
        Assert.True(new FileInfo(path).Length < 2L << 20, "the test file should be small on disk");

        var error = Assert.Throws<SpamModelLoadException>(() => SpamModel.Load(path));

        Assert.Contains($"its {entry} unpacks to {limit + 1} bytes, more than the {limit} this package reads", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void StoredEntryThatUnderstatesItsSize_IsRefusedAtTheBound()
    {
        // A stored (not compressed) entry yields every byte it holds whatever size it declares: metadata.json holding
        // 2 MiB of spaces but declaring 10 bytes must still be refused at 1 MiB, not read whole.
        using var buffer = new MemoryStream();
        using (var archive = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var name in new[] { "model.zip", "tokens.bin" })
            {
                using var stream = archive.CreateEntry(name).Open();
                stream.WriteByte(0);
            }

            using var metadata = archive.CreateEntry("metadata.json", CompressionLevel.NoCompression).Open();
            metadata.Write(System.Text.Encoding.ASCII.GetBytes(new string(' ', 2 << 20)));
        }

        var bytes = buffer.ToArray();
        UnderstateSize(bytes, "metadata.json", 10);
        using (var check = new ZipArchive(new MemoryStream(bytes), ZipArchiveMode.Read))
        {
            Assert.Equal(10, check.GetEntry("metadata.json")!.Length);
        }

        var error = Assert.Throws<SpamModelLoadException>(() => SpamModel.Load(new MemoryStream(bytes), "stored"));

        Assert.Contains($"its metadata.json unpacks to more than the {SpamModel.MaxMetadataBytes} bytes this package reads", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PipelineZipBomb_IsRefusedBeforeMLNetUnpacksIt()
    {
        // model.zip is itself a zip archive: a real bomb, one entry of zeros that packs about a thousand to one.
        var path = await CopyOfTheShippedModelAsync("model.zip", _ => ZipOfZeros("TransformerChain/Model.key", SpamModel.MaxPipelineUnpackedBytes + 1));
        Assert.True(new FileInfo(path).Length < 4L << 20, "the bomb should be small on disk");

        var error = StartUpError(path);

        Assert.Contains($"its model.zip unpacks to more than the {SpamModel.MaxPipelineUnpackedBytes} bytes this package reads", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TokenCountBeyondTheFile_IsRefusedWithoutAllocatingForIt()
    {
        // A header that claims just under the most tokens a file may hold, on the shipped statistics: the reader must
        // not reserve room for 50 million tokens (about 1.4 GB) before it finds that the file ends far sooner.
        var path = await CopyOfTheShippedModelAsync("tokens.bin", bytes =>
        {
            var copy = (byte[])bytes.Clone();
            System.Buffers.Binary.BinaryPrimitives.WriteInt32LittleEndian(copy.AsSpan(16), 49_999_999);
            return copy;
        });

        var before = GC.GetAllocatedBytesForCurrentThread();
        var error = Assert.Throws<SpamModelLoadException>(() => SpamModel.Load(path));
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Contains("of 49999999 tokens", error.Message, StringComparison.Ordinal);
        Assert.True(allocated < 128L << 20, $"loading allocated {allocated} bytes");
    }

    [Fact]
    public async Task LargeDamagedTokenStatistics_AreRefusedAsTheyAreRead_WithoutBeingCopiedIntoMemory()
    {
        // 600 MB of zeros (a few hundred KB packed) in place of the token statistics, under the size bound: they are
        // refused at their first bytes, not copied whole into memory to be hashed first.
        var path = await CopyOfTheShippedModelAsync("tokens.bin", _ => [], Checksums.Kept);
        using (var archive = ZipFile.Open(path, ZipArchiveMode.Update))
        {
            archive.GetEntry("tokens.bin")!.Delete();
            await using var zeros = archive.CreateEntry("tokens.bin", CompressionLevel.Optimal).Open();
            var block = new byte[1 << 20];
            for (var i = 0; i < 600; i++)
            {
                await zeros.WriteAsync(block);
            }
        }

        var before = GC.GetAllocatedBytesForCurrentThread();
        var error = Assert.Throws<SpamModelLoadException>(() => SpamModel.Load(path));
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Contains("do not start with their signature", error.Message, StringComparison.Ordinal);
        Assert.True(allocated < 128L << 20, $"loading allocated {allocated} bytes");
    }

    [Fact]
    public void EndlessStreamThatCannotSeek_IsRefusedWithoutReadingIt()
    {
        // A pipe or a device (such as /dev/urandom given as the model path): the zip reader would copy it into memory
        // until it ran out.
        using var endless = new EndlessStream();

        var error = Assert.Throws<SpamModelLoadException>(() => SpamModel.Load(endless, "pipe"));

        Assert.Contains("cannot be read at random positions", error.Message, StringComparison.Ordinal);
        Assert.Equal(0, endless.BytesRead);
    }

    [Theory]
    [InlineData("signalIds", null)]
    [InlineData("blend", null)]
    [InlineData("trainer", null)]
    [InlineData("tradeOffs", null)]
    [InlineData("signalIds", "[null]")]
    [InlineData("candidates", "[null]")]
    public async Task NullsInTheMetadata_FailAtStartUpAsADamagedModel(string property, string? value)
    {
        // Hand-edited or damaged metadata: a null where the loader expects a value must not surface as a
        // NullReferenceException from deep inside the loader.
        var path = await CopyOfTheShippedModelAsync("metadata.json", bytes =>
        {
            var json = System.Text.Json.Nodes.JsonNode.Parse(bytes)!.AsObject();
            Assert.True(json.ContainsKey(property), property);
            json[property] = value is null ? null : System.Text.Json.Nodes.JsonNode.Parse(value);
            return System.Text.Encoding.UTF8.GetBytes(json.ToJsonString());
        });

        var error = StartUpError(path);

        Assert.Contains("is not a valid SentiMail model", error.Message, StringComparison.Ordinal);
        Assert.Contains(path, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_ThrowsSpamModelLoadExceptionWithTheSource()
    {
        using var stream = new MemoryStream([0x50, 0x4b, 0x05, 0x06]);

        var error = Assert.Throws<SpamModelLoadException>(() => SpamModel.Load(stream, "memory"));

        Assert.Equal("memory", error.ModelSource);
    }

    /// <summary>Rewrites the uncompressed size an entry declares, in its local header and in the central directory.</summary>
    private static void UnderstateSize(byte[] zip, string entryName, uint size)
    {
        var name = System.Text.Encoding.ASCII.GetBytes(entryName);
        var patched = 0;
        for (var i = 0; i + 46 + name.Length <= zip.Length; i++)
        {
            var signature = System.Buffers.Binary.BinaryPrimitives.ReadUInt32LittleEndian(zip.AsSpan(i));
            if (signature == 0x04034b50 && zip.AsSpan(i + 30, name.Length).SequenceEqual(name))
            {
                System.Buffers.Binary.BinaryPrimitives.WriteUInt32LittleEndian(zip.AsSpan(i + 22), size);
                patched++;
            }
            else if (signature == 0x02014b50 && zip.AsSpan(i + 46, name.Length).SequenceEqual(name))
            {
                System.Buffers.Binary.BinaryPrimitives.WriteUInt32LittleEndian(zip.AsSpan(i + 24), size);
                patched++;
            }
        }

        Assert.Equal(2, patched);
    }

    private static byte[] ZipOfZeros(string entryName, long length)
    {
        using var buffer = new MemoryStream();
        using (var archive = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            using var entry = archive.CreateEntry(entryName, CompressionLevel.Fastest).Open();
            var zeros = new byte[1 << 20];
            for (var left = length; left > 0; left -= zeros.Length)
            {
                entry.Write(zeros, 0, (int)Math.Min(left, zeros.Length));
            }
        }

        return buffer.ToArray();
    }

    private static OptionsValidationException StartUpError(string path)
    {
        using var services = new ServiceCollection().AddSentiMail().AddMachineLearning(o => o.ModelPath = path).Services.BuildServiceProvider();

        // What a host runs at start-up (ValidateOnStart).
        return Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IStartupValidator>().Validate());
    }
}
