using Microsoft.ML;
using Microsoft.ML.Data;
using SentiMail.MachineLearning.Features;
using SentiMail.MachineLearning.Model;
using SentiMail.MachineLearning.Tests.Training;
using SentiMail.MachineLearning.Training;

namespace SentiMail.MachineLearning.Tests.Model;

/// <summary>The shipped model's trees, read out of the ML.NET pipeline, must score every message exactly as ML.NET does.</summary>
public sealed class CompiledTreeEnsembleTests(ShippedModelFixture fixture) : IClassFixture<ShippedModelFixture>
{
    [Fact]
    public void ShippedModel_IsScoredByItsTreesDirectly()
    {
        Assert.True(fixture.Model.ScoresTreesDirectly);
        var trees = CompiledTreeEnsemble.TryCreate(fixture.Model.Transformer);
        Assert.NotNull(trees);
        Assert.Equal(500, trees.Trees);
        Assert.InRange(trees.UsedInputs, 1, SpamModelInput.TextSlots + SpamModelInput.SignalSlots + SpamModelInput.CountSlots);
    }

    [Fact]
    public async Task CorpusSample_GivesMLNetsProbabilitiesBitForBit()
    {
        var (train, validation) = await TrainingTests.LoadSampleAsync();
        List<MessageExample> examples = [.. train, .. validation];

        // SpamModelEvaluator.Predict scores through ML.NET's own transform, as `model evaluate` does.
        var expected = SpamModelEvaluator.Predict(fixture.Model, examples);
        for (var i = 0; i < examples.Count; i++)
        {
            Assert.Equal(expected[i], fixture.Model.PredictProbability(examples[i].Input));
        }
    }

    [Fact]
    public async Task RepositorySamples_GiveTheEnginesProbabilitiesBitForBit()
    {
        var extractor = new SpamFeatureExtractor(fixture.Model.Metadata.SignalIds);
        var trees = CompiledTreeEnsemble.TryCreate(fixture.Model.Transformer)!;
        var engine = CreateEngine(fixture.Model);
        var files = Directory.GetFiles(TestPaths.Samples, "*.eml").Concat(Directory.GetFiles(TestPaths.TestData, "*.eml", SearchOption.AllDirectories)).ToList();
        Assert.True(files.Count >= 15, $"{files.Count} samples");
        foreach (var file in files)
        {
            var example = await extractor.ExtractAsync(await File.ReadAllBytesAsync(file), Path.GetFileName(file), "sample", isSpam: false);

            Assert.True(trees.TryPredict(example.Input, out var direct));
            Assert.Equal(engine.Predict(example.Input).Probability, direct);
        }
    }

    [Fact]
    public void ProbesAtEveryThreshold_AgreeWithTheEngine()
    {
        var trees = CompiledTreeEnsemble.TryCreate(fixture.Model.Transformer)!;
        var engine = CreateEngine(fixture.Model);

        var probes = trees.CreateProbes(300, seed: 12345);
        var distinct = new HashSet<float>();
        foreach (var probe in probes)
        {
            Assert.True(trees.TryPredict(probe, out var direct));
            Assert.Equal(engine.Predict(probe).Probability, direct);
            distinct.Add(direct);
        }

        // The probes reach many leaves: they are not all scored alike.
        Assert.True(distinct.Count > 250, $"{distinct.Count} distinct probabilities");
    }

    [Fact]
    public async Task Attribution_IsTheChangeOfTheTreesScoreWhenTheInputAloneIsZero()
    {
        // A tree whose path does not test an input reaches the same leaf either way, so the summed change per tree is
        // exactly the change of the whole sum; every other input the message has changes nothing.
        var trees = CompiledTreeEnsemble.TryCreate(fixture.Model.Transformer)!;
        var (train, validation) = await TrainingTests.LoadSampleAsync();
        foreach (var example in train.Concat(validation).Where(e => !e.Rejected).Take(12))
        {
            Assert.True(trees.TrySum(example.Input, out var sum));
            var changes = trees.Attribute(example.Input).ToDictionary(c => c.Feature, c => c.Change);
            Assert.NotEmpty(changes);
            foreach (var feature in NonZeroInputs(example.Input))
            {
                Assert.True(trees.TrySum(WithInputZero(example.Input, feature), out var without));
                Assert.Equal(sum - without, changes.GetValueOrDefault(feature), 9);
            }

            Assert.All(changes.Keys, f => Assert.Contains(f, NonZeroInputs(example.Input)));

            // Leaving out the hashed text (and the trees that split on nothing else) changes nothing for the rest.
            Assert.Equal(
                changes.Where(c => c.Key >= SpamModelInput.TextSlots).OrderBy(c => c.Key).Select(c => (c.Key, c.Value)),
                trees.Attribute(example.Input, SpamModelInput.TextSlots).OrderBy(c => c.Feature).Select(c => (c.Feature, c.Change)));
        }
    }

    [Fact]
    public void Attribution_OfAnInputThatIsNotANumber_IsEmpty()
    {
        var trees = CompiledTreeEnsemble.TryCreate(fixture.Model.Transformer)!;
        var input = new SpamModelInput();
        input.Counts[0] = float.NaN;

        Assert.Empty(trees.Attribute(input));
    }

    [Fact]
    public void SparseAndDenseText_ScoreAlike()
    {
        var trees = CompiledTreeEnsemble.TryCreate(fixture.Model.Transformer)!;
        foreach (var probe in trees.CreateProbes(20, seed: 7))
        {
            var dense = probe.Text.GetValues().ToArray();
            var indices = Enumerable.Range(0, dense.Length).Where(i => dense[i] != 0).ToArray();
            var sparse = new SpamModelInput
            {
                Signals = probe.Signals,
                Counts = probe.Counts,
                Text = new VBuffer<float>(dense.Length, indices.Length, [.. indices.Select(i => dense[i])], indices),
            };

            Assert.True(trees.TryPredict(probe, out var a));
            Assert.True(trees.TryPredict(sparse, out var b));
            Assert.Equal(a, b);
        }
    }

    [Fact]
    public void NotANumber_FallsBackToTheEngine()
    {
        var trees = CompiledTreeEnsemble.TryCreate(fixture.Model.Transformer)!;
        var engine = CreateEngine(fixture.Model);
        var input = new SpamModelInput();
        input.Counts.AsSpan().Fill(float.NaN);
        input.Signals.AsSpan().Fill(float.NaN);

        Assert.False(trees.TryPredict(input, out _));
        var probability = fixture.Model.PredictProbability(input);
        Assert.Equal(fixture.Model.Blend(engine.Predict(input).Probability, input), probability);
    }

    [Fact]
    public void WrongVectorLengths_FallBackToTheEngine()
    {
        var trees = CompiledTreeEnsemble.TryCreate(fixture.Model.Transformer)!;

        Assert.False(trees.TryPredict(new SpamModelInput { Text = new VBuffer<float>(10, 0, [], []) }, out _));
        Assert.False(trees.TryPredict(new SpamModelInput { Counts = new float[3] }, out _));
        Assert.False(trees.TryPredict(new SpamModelInput { Signals = new float[SpamModelInput.SignalSlots + 1] }, out _));
    }

    [Fact]
    public void ManyThreadsAtOnce_GetTheSameProbabilities()
    {
        var trees = CompiledTreeEnsemble.TryCreate(fixture.Model.Transformer)!;
        var probes = trees.CreateProbes(64, seed: 3);
        var expected = probes.Select(fixture.Model.PredictProbability).ToArray();

        var results = new float[8][];
        Parallel.For(0, results.Length, new ParallelOptions { MaxDegreeOfParallelism = 8 }, t =>
            results[t] = [.. probes.Select(fixture.Model.PredictProbability)]);

        Assert.All(results, r => Assert.Equal(expected, r));
    }

    [Fact]
    public async Task LinearModel_IsNotCompiled_AndTheEngineScoresIt()
    {
        var (train, validation) = await TrainingTests.LoadSampleAsync();
        var options = new SpamTrainingOptions { Seed = 1, Iterations = 20 };
        options.Trainers.Clear();
        options.Trainers.Add(SpamTrainerKind.SdcaLogisticRegression);
        var result = new SpamModelTrainer(options).Train(train, validation, SpamFeatureExtractor.DefaultSignalIds());
        using var file = new MemoryStream(result.ToArray());

        var model = SpamModel.Load(file, "linear.model.zip");

        Assert.False(model.ScoresTreesDirectly);
        Assert.Null(CompiledTreeEnsemble.TryCreate(model.Transformer));
        var expected = SpamModelEvaluator.Predict(model, validation);
        Assert.Equal(expected, validation.Select(e => model.PredictProbability(e.Input)));
    }

    [Theory]
    [InlineData(SpamTrainerKind.LightGbm)]
    [InlineData(SpamTrainerKind.FastTree)]
    public async Task SmallTreeModel_IsCompiledAndAgreesWithTheEngine(SpamTrainerKind trainer)
    {
        var (train, validation) = await TrainingTests.LoadSampleAsync();
        var options = new SpamTrainingOptions { Seed = 2, Iterations = 20 };
        options.Trainers.Clear();
        options.Trainers.Add(trainer);
        var result = new SpamModelTrainer(options).Train(train, validation, SpamFeatureExtractor.DefaultSignalIds());
        using var file = new MemoryStream(result.ToArray());

        var model = SpamModel.Load(file, "small.model.zip");

        Assert.True(model.ScoresTreesDirectly);
        List<MessageExample> all = [.. train, .. validation];
        Assert.Equal(SpamModelEvaluator.Predict(model, all), all.Select(e => model.PredictProbability(e.Input)));
    }

    [Theory]
    [InlineData(new[] { 1, -2 }, new[] { -1, -3 }, 3, true)]      // a root, one inner node, three leaves
    [InlineData(new[] { 0 }, new[] { -1 }, 2, false)]              // a node that is its own child: the walk never ends
    [InlineData(new[] { 1, 0 }, new[] { -1, -2 }, 3, false)]       // a child pointing back at its parent
    [InlineData(new[] { 2 }, new[] { -1 }, 2, false)]              // a child beyond the last node
    [InlineData(new[] { -1 }, new[] { -3 }, 2, false)]             // a leaf beyond the last leaf
    public void TreeShape_IsCheckedBeforeItIsWalked(int[] left, int[] right, int leaves, bool wellFormed)
    {
        Assert.Equal(wellFormed, CompiledTreeEnsemble.ChildrenComeAfterTheirParents(left, right, leaves));
    }

    private static List<int> NonZeroInputs(SpamModelInput input)
    {
        var text = input.Text.DenseValues().ToArray();
        return
        [
            .. Enumerable.Range(0, text.Length).Where(i => text[i] != 0),
            .. Enumerable.Range(0, input.Signals.Length).Where(i => input.Signals[i] != 0).Select(i => SpamModelInput.TextSlots + i),
            .. Enumerable.Range(0, input.Counts.Length).Where(i => input.Counts[i] != 0).Select(i => SpamModelInput.TextSlots + SpamModelInput.SignalSlots + i),
        ];
    }

    private static SpamModelInput WithInputZero(SpamModelInput input, int feature)
    {
        var text = input.Text.DenseValues().ToArray();
        var signals = (float[])input.Signals.Clone();
        var counts = (float[])input.Counts.Clone();
        if (feature < SpamModelInput.TextSlots)
        {
            text[feature] = 0;
        }
        else if (feature < SpamModelInput.TextSlots + SpamModelInput.SignalSlots)
        {
            signals[feature - SpamModelInput.TextSlots] = 0;
        }
        else
        {
            counts[feature - SpamModelInput.TextSlots - SpamModelInput.SignalSlots] = 0;
        }

        return new SpamModelInput { Text = new VBuffer<float>(text.Length, text), Signals = signals, Counts = counts };
    }

    private static PredictionEngine<SpamModelInput, SpamModelPrediction> CreateEngine(SpamModel model) =>
        model.Context.Model.CreatePredictionEngine<SpamModelInput, SpamModelPrediction>(model.Transformer);
}
