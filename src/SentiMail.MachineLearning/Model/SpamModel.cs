using System.Collections.Concurrent;
using System.Globalization;
using System.IO.Compression;
using System.Reflection;
using System.Text.Json;
using Microsoft.ML;
using Microsoft.ML.Data;
using SentiMail.MachineLearning.Features;

namespace SentiMail.MachineLearning.Model;

/// <summary>
/// A trained spam model: an ML.NET pipeline (feature concatenation and a calibrated binary classifier), token
/// statistics (<see cref="TokenBayes"/>) and their blend, plus its <see cref="SpamModelMetadata"/>. Load it once at
/// start-up; <see cref="PredictProbability"/> is thread-safe.
/// </summary>
/// <remarks>
/// A model file is a zip archive holding <c>metadata.json</c>, <c>model.zip</c> (the ML.NET model) and
/// <c>tokens.bin</c> (the token statistics). The package embeds one trained on the SpamAssassin public corpus
/// (<see cref="LoadEmbedded"/>); <c>sentimail model train</c> writes new ones (<see cref="Load(string)"/>).
/// </remarks>
public sealed class SpamModel
{
    /// <summary>The name of the model embedded in the package, as shown in <see cref="Source"/>.</summary>
    public const string EmbeddedSource = "embedded";

    internal const string MetadataEntry = "metadata.json";
    internal const string ModelEntry = "model.zip";
    internal const string TokensEntry = "tokens.bin";
    private const string ResourceName = "SentiMail.MachineLearning.sentimail-spam-model.zip";
    private const int ProbeCount = 64;

    /// <summary>The most bytes <c>metadata.json</c> may unpack to (the shipped model's takes 7 KB).</summary>
    internal const long MaxMetadataBytes = 1L << 20;

    /// <summary>The most bytes <c>model.zip</c> may unpack to (the shipped model's takes 56 KB).</summary>
    internal const long MaxPipelineBytes = 64L << 20;

    /// <summary>The most bytes the entries of <c>model.zip</c>, itself a zip archive that ML.NET unpacks, may unpack to
    /// together.</summary>
    internal const long MaxPipelineUnpackedBytes = 256L << 20;

    private readonly MLContext _ml;
    private readonly ITransformer _transformer;
    private readonly TokenBayes _tokens;
    private readonly ConcurrentBag<Predictor> _engines = [];
    private CompiledTreeEnsemble? _trees;

    private SpamModel(MLContext ml, ITransformer transformer, TokenBayes tokens, SpamModelMetadata metadata, string source)
    {
        _ml = ml;
        _transformer = transformer;
        _tokens = tokens;
        _trees = CompiledTreeEnsemble.TryCreate(transformer);
        Metadata = metadata;
        Source = source;
        var slots = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < metadata.SignalIds.Count; i++)
        {
            slots[metadata.SignalIds[i]] = i;
        }

        SignalSlots = slots;
    }

    /// <summary>Gets what the model says about itself.</summary>
    public SpamModelMetadata Metadata { get; }

    /// <summary>Gets where the model was read from: a file path or <see cref="EmbeddedSource"/>.</summary>
    public string Source { get; }

    /// <summary>Gets the probability at which the model's signal reaches the Suspicious threshold on its own
    /// (<see cref="SpamModelMetadata.OperatingPoint"/>).</summary>
    public double OperatingPoint => Metadata.OperatingPoint;

    /// <summary>Gets the slot of each signal id in <see cref="SpamModelInput.Signals"/>.</summary>
    public IReadOnlyDictionary<string, int> SignalSlots { get; }

    /// <summary>Gets the ML.NET pipeline, for evaluation over many rows at once.</summary>
    internal ITransformer Transformer => _transformer;

    internal MLContext Context => _ml;

    /// <summary>Gets whether messages are scored by the trees read out of the pipeline (<see cref="CompiledTreeEnsemble"/>)
    /// rather than by an ML.NET prediction engine.</summary>
    internal bool ScoresTreesDirectly => _trees is not null;

    /// <summary>Loads the model embedded in this package (trained on the SpamAssassin public corpus).</summary>
    /// <returns>The model.</returns>
    /// <exception cref="SpamModelLoadException">The package was built without a model, or the embedded model is damaged.</exception>
    public static SpamModel LoadEmbedded()
    {
        using var stream = typeof(SpamModel).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new SpamModelLoadException(
                "SentiMail.MachineLearning was built without its embedded spam model (Data/sentimail-spam-model.zip); rebuild the package or set SpamModelOptions.ModelPath.",
                EmbeddedSource,
                null);
        return Load(stream, EmbeddedSource);
    }

    /// <summary>Loads a model file written by <c>sentimail model train</c> or <see cref="Training.SpamModelTrainer"/>.</summary>
    /// <param name="path">The model file.</param>
    /// <returns>The model.</returns>
    /// <exception cref="ArgumentException"><paramref name="path"/> is empty.</exception>
    /// <exception cref="SpamModelLoadException">The file is missing, unreadable, not a SentiMail model, or damaged.</exception>
    public static SpamModel Load(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        Stream stream;
        try
        {
            stream = File.OpenRead(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or NotSupportedException or ArgumentException)
        {
            throw new SpamModelLoadException($"The spam model file '{path}' cannot be read: {ex.Message}", path, ex);
        }

        using (stream)
        {
            return Load(stream, path);
        }
    }

    /// <summary>Loads a model from a stream holding a model file.</summary>
    /// <param name="stream">The model file's bytes.</param>
    /// <param name="source">Where the bytes come from, for error messages and <see cref="Source"/>.</param>
    /// <returns>The model.</returns>
    /// <exception cref="ArgumentNullException">An argument is <see langword="null"/>.</exception>
    /// <exception cref="SpamModelLoadException">The bytes are not a SentiMail model, or it is damaged, or the stream
    /// cannot seek.</exception>
    public static SpamModel Load(Stream stream, string source)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(source);
        if (!stream.CanSeek)
        {
            // The zip reader would first copy the whole stream into memory, however long it runs.
            throw Invalid(source, "it cannot be read at random positions (a pipe or a device rather than a file); copy it into a file or a MemoryStream first", null);
        }

        try
        {
            using var archive = new ZipArchive(stream, ZipArchiveMode.Read, leaveOpen: true);
            var metadataEntry = archive.GetEntry(MetadataEntry)
                ?? throw Invalid(source, $"it has no {MetadataEntry}", null);
            var modelEntry = archive.GetEntry(ModelEntry)
                ?? throw Invalid(source, $"it has no {ModelEntry}", null);
            var tokensEntry = archive.GetEntry(TokensEntry)
                ?? throw Invalid(source, $"it has no {TokensEntry}", null);

            // a stored one (not compressed) yields what it holds, so each is also read through a bound.
            // a stored (uncompressed) one yields what it holds, so each is also read through a bound.
            CheckSize(source, metadataEntry, MaxMetadataBytes);
            CheckSize(source, modelEntry, MaxPipelineBytes);
            CheckSize(source, tokensEntry, TokenBayes.MaxBytes);

            SpamModelMetadata metadata;
            using (var metadataStream = ReadBounded(source, metadataEntry, MaxMetadataBytes))
            {
                metadata = JsonSerializer.Deserialize(metadataStream, SpamModelJson.Default.SpamModelMetadata)
                    ?? throw Invalid(source, "its metadata is empty", null);
            }

            if (metadata.SignalIds.Any(id => id is null) || metadata.Candidates.Any(c => c is null) || metadata.TradeOffs.Any(t => t is null))
            {
                throw Invalid(source, "its metadata lists an empty (null) signal id, candidate or trade-off", null);
            }

            if (metadata.FormatVersion != SpamModelMetadata.CurrentFormatVersion)
            {
                throw Invalid(source, $"its format version is {metadata.FormatVersion}, this package reads version {SpamModelMetadata.CurrentFormatVersion}", null);
            }

            if (double.IsNaN(metadata.OperatingPoint) || metadata.OperatingPoint is <= 0.5 or >= 1)
            {
                throw Invalid(source, $"its operating point is {metadata.OperatingPoint}, not a probability above 0.5 and below 1", null);
            }

            if (metadata.SignalIds.Count > SpamModelInput.SignalSlots)
            {
                throw Invalid(source, $"it lists {metadata.SignalIds.Count} signal ids, more than the {SpamModelInput.SignalSlots} slots", null);
            }

            // ML.NET reads the model with seeking: copy the entry to memory (model files are a few MB).
            using var modelBytes = ReadBounded(source, modelEntry, MaxPipelineBytes);
            CheckSha256(source, ModelEntry, metadata.PipelineSha256, modelBytes);
            CheckPipelineSize(source, modelBytes);

            if (!double.IsFinite(metadata.Blend.ClassifierWeight) || !double.IsFinite(metadata.Blend.TokenWeight) || !double.IsFinite(metadata.Blend.Bias)
                || metadata.Blend.ClassifierWeight < 0 || metadata.Blend.TokenWeight < 0 || metadata.Blend.ClassifierWeight + metadata.Blend.TokenWeight == 0)
            {
                throw Invalid(source, "its blend weights are missing, negative or not numbers", null);
            }

            // The token statistics are read as a stream (their table grows with the tokens read, not with a size any
            // part of the file claims), hashed on the way: a damaged table either fails its own checks or the checksum.
            TokenBayes tokens;
            using (var sha = System.Security.Cryptography.SHA256.Create())
            using (var tokensStream = new System.Security.Cryptography.CryptoStream(tokensEntry.Open(), sha, System.Security.Cryptography.CryptoStreamMode.Read))
            {
                // TokenBayes.Read reads to the end (it refuses bytes after the last token), which completes the hash.
                tokens = TokenBayes.Read(tokensStream);
                CheckSha256(source, TokensEntry, metadata.TokensSha256, Convert.ToHexStringLower(sha.Hash!));
            }

            if (tokens.Tokens != metadata.Blend.Tokens)
            {
                throw Invalid(source, $"its token statistics hold {tokens.Tokens} tokens where its metadata records {metadata.Blend.Tokens}", null);
            }

            modelBytes.Position = 0;
            var ml = new MLContext(seed: metadata.Seed);
            var transformer = ml.Model.Load(modelBytes, out _);
            var model = new SpamModel(ml, transformer, tokens, metadata, source);

            // One prediction through ML.NET's engine proves that the pipeline accepts SentiMail's input shape and yields
            // a probability; the trees read out of it must then give the engine's probabilities on many inputs.
            var engine = model.CreatePredictor();
            var probe = engine.Predict(new SpamModelInput());
            if (!float.IsFinite(probe) || probe is < 0 or > 1)
            {
                throw Invalid(source, $"it returns {probe} instead of a probability", null);
            }

            model.CheckTrees(engine);
            model._engines.Add(engine);
            return model;
        }
        catch (SpamModelLoadException)
        {
            throw;
        }
        catch (Exception ex) when (ex is not (OutOfMemoryException or OperationCanceledException))
        {
            // Whatever ML.NET or the readers throw on a damaged file (its nested loaders wrap theirs in a
            // TargetInvocationException) becomes the one clear error that names the file.
            var cause = ex;
            while (cause is TargetInvocationException { InnerException: { } inner })
            {
                cause = inner;
            }

            throw Invalid(source, cause.Message, ex);
        }
    }

    /// <summary>Returns the calibrated probability that a message is spam.</summary>
    /// <param name="input">The message's features (see <see cref="MessageFeatures.Extract"/>).</param>
    /// <returns>The probability, 0 to 1.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="input"/> is <see langword="null"/>.</exception>
    /// <remarks>A LightGBM or FastTree model is scored by its trees, read out of the ML.NET pipeline at load and
    /// checked there against ML.NET's engine (<see cref="CompiledTreeEnsemble"/>): only the inputs the trees split on are
    /// read. Other pipelines go through a pooled ML.NET prediction engine, with the hashed text spread into a dense
    /// vector first, which tree ensembles read by index instead of searching the sparse slots at every split.</remarks>
    public float PredictProbability(SpamModelInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (_trees is { } trees && trees.TryPredict(input, out var probability))
        {
            return Blend(probability, input);
        }

        if (!_engines.TryTake(out var predictor))
        {
            predictor = CreatePredictor();
        }

        try
        {
            return Blend(predictor.Predict(input), input);
        }
        finally
        {
            _engines.Add(predictor);
        }
    }

    private Predictor CreatePredictor() => new(_ml.Model.CreatePredictionEngine<SpamModelInput, SpamModelPrediction>(_transformer));

    /// <summary>Scores probe inputs both ways; if the trees read out of the pipeline disagree with ML.NET's engine on
    /// any of them (a pipeline this package does not know in full), every message goes through the engine.</summary>
    private void CheckTrees(Predictor engine)
    {
        if (_trees is not { } trees)
        {
            return;
        }

        foreach (var probe in trees.CreateProbes(ProbeCount, Metadata.Seed))
        {
            if (!trees.TryPredict(probe, out var direct) || direct != engine.Predict(probe))
            {
                _trees = null;
                return;
            }
        }
    }

    /// <summary>Picks the message's most telling tokens, the clues its token score adds up (<see cref="TokenBayes.StrongestClues"/>).</summary>
    /// <param name="tokens">The message's distinct token hashes, sorted (<see cref="SpamModelInput.Tokens"/>).</param>
    /// <param name="hashes">Receives the hash of each clue.</param>
    /// <param name="clues">Receives each clue's log-odds, positive for spam.</param>
    /// <returns>How many clues were found.</returns>
    internal int StrongestClues(ReadOnlySpan<ulong> tokens, Span<ulong> hashes, Span<double> clues) =>
        _tokens.StrongestClues(tokens, hashes, clues);

    /// <summary>Tells which signals and counts moved the classifier's trees for a message
    /// (<see cref="CompiledTreeEnsemble.Attribute"/>; the hashed text is left out).</summary>
    /// <param name="input">The message's features.</param>
    /// <returns>Each input with its change of the trees' score, or an empty list when the classifier is not a tree
    /// ensemble read out of the pipeline (a linear model, for one).</returns>
    internal IReadOnlyList<(int Feature, double Change)> AttributeClassifier(SpamModelInput input) =>
        _trees?.Attribute(input, SpamModelInput.TextSlots) ?? [];

    /// <summary>Joins the classifier's probability of a message with its token score (<see cref="SpamModelMetadata.Blend"/>).</summary>
    /// <param name="classifierProbability">The classifier's probability.</param>
    /// <param name="input">The message's features.</param>
    /// <returns>The model's probability.</returns>
    internal float Blend(float classifierProbability, SpamModelInput input) =>
        Metadata.Blend.Probability(classifierProbability, _tokens.Score(input.Tokens));

    /// <summary>Writes a model file: the ML.NET pipeline, the token statistics and the metadata.</summary>
    /// <param name="ml">The ML.NET context the pipeline was trained in.</param>
    /// <param name="transformer">The trained pipeline.</param>
    /// <param name="schema">The input schema.</param>
    /// <param name="tokens">The token statistics.</param>
    /// <param name="metadata">The metadata.</param>
    /// <param name="destination">Where to write the file.</param>
    internal static void Save(MLContext ml, ITransformer transformer, DataViewSchema schema, TokenBayes tokens, SpamModelMetadata metadata, Stream destination)
    {
        using var modelBytes = new MemoryStream();
        ml.Model.Save(transformer, schema, modelBytes);
        using var tokenBytes = new MemoryStream();
        tokens.Write(tokenBytes);

        // The metadata records what the other two entries hold, so that a damaged file is refused before they are read.
        metadata = metadata with { PipelineSha256 = Sha256(modelBytes), TokensSha256 = Sha256(tokenBytes) };
        using var archive = new ZipArchive(destination, ZipArchiveMode.Create, leaveOpen: true);
        var metadataEntry = archive.CreateEntry(MetadataEntry, CompressionLevel.Optimal);
        using (var s = metadataEntry.Open())
        {
            JsonSerializer.Serialize(s, metadata, SpamModelJson.Default.SpamModelMetadata);
        }

        WriteEntry(archive, ModelEntry, CompressionLevel.NoCompression, modelBytes);
        WriteEntry(archive, TokensEntry, CompressionLevel.Optimal, tokenBytes);
    }

    private static void WriteEntry(ZipArchive archive, string name, CompressionLevel level, MemoryStream bytes)
    {
        using var s = archive.CreateEntry(name, level).Open();
        bytes.Position = 0;
        bytes.CopyTo(s);
    }

    private static string Sha256(MemoryStream bytes) =>
        Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(bytes.GetBuffer().AsSpan(0, (int)bytes.Length)));

    /// <summary>Refuses an entry whose bytes differ from the checksum the metadata records (none recorded: unchecked).</summary>
    private static void CheckSha256(string source, string entry, string? expected, MemoryStream bytes) =>
        CheckSha256(source, entry, expected, Sha256(bytes));

    private static void CheckSha256(string source, string entry, string? expected, string actual)
    {
        if (expected is not null && !string.Equals(actual, expected, StringComparison.OrdinalIgnoreCase))
        {
            throw Invalid(source, $"its {entry} does not match the SHA-256 its metadata records: the file is damaged", null);
        }
    }

    /// <summary>A prediction engine with its own dense copy of the text slots (one per concurrent caller).</summary>
    private sealed class Predictor(PredictionEngine<SpamModelInput, SpamModelPrediction> engine)
    {
        private readonly float[] _text = new float[SpamModelInput.TextSlots];
        private readonly SpamModelInput _dense = new();

        public float Predict(SpamModelInput input)
        {
            var text = input.Text;
            if (text.IsDense || text.Length != _text.Length)
            {
                return engine.Predict(input).Probability;
            }

            Array.Clear(_text);
            var indices = text.GetIndices();
            var values = text.GetValues();
            for (var i = 0; i < indices.Length; i++)
            {
                _text[indices[i]] = values[i];
            }

            _dense.Text = new VBuffer<float>(_text.Length, _text);
            _dense.Signals = input.Signals;
            _dense.Counts = input.Counts;
            return engine.Predict(_dense).Probability;
        }
    }

    private static void CheckSize(string source, ZipArchiveEntry entry, long max)
    {
        if (entry.Length > max)
        {
            throw Invalid(source, string.Create(CultureInfo.InvariantCulture, $"its {entry.FullName} unpacks to {entry.Length} bytes, more than the {max} this package reads"), null);
        }
    }

    /// <summary>Copies an entry into memory, refusing it past <paramref name="max"/> bytes whatever size it declares.</summary>
    private static MemoryStream ReadBounded(string source, ZipArchiveEntry entry, long max)
    {
        var buffer = new MemoryStream();
        using var stream = entry.Open();
        var chunk = new byte[81_920];
        int read;
        while ((read = stream.Read(chunk)) > 0)
        {
            if (buffer.Length + read > max)
            {
                buffer.Dispose();
                throw Invalid(source, string.Create(CultureInfo.InvariantCulture, $"its {entry.FullName} unpacks to more than the {max} bytes this package reads"), null);
            }

            buffer.Write(chunk, 0, read);
        }

        buffer.Position = 0;
        return buffer;
    }

    /// <summary>Refuses an ML.NET model whose own entries would unpack to more than <see cref="MaxPipelineUnpackedBytes"/>
    /// (ML.NET reads it with the same zip reader, which stops at a compressed entry's declared size; a stored entry
    /// holds no more than <see cref="MaxPipelineBytes"/>, the bound of the whole).</summary>
    private static void CheckPipelineSize(string source, MemoryStream modelBytes)
    {
        modelBytes.Position = 0;
        using var pipeline = new ZipArchive(modelBytes, ZipArchiveMode.Read, leaveOpen: true);
        var total = 0L;
        foreach (var entry in pipeline.Entries)
        {
            total += entry.Length;
            if (total > MaxPipelineUnpackedBytes)
            {
                throw Invalid(source, string.Create(CultureInfo.InvariantCulture, $"its {ModelEntry} unpacks to more than the {MaxPipelineUnpackedBytes} bytes this package reads"), null);
            }
        }
    }

    private static SpamModelLoadException Invalid(string source, string reason, Exception? inner) =>
        new($"The spam model '{source}' is not a valid SentiMail model: {reason.TrimEnd('.')}.", source, inner);
}
