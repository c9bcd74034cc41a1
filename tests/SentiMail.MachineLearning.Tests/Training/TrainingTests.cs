using SentiMail.MachineLearning.Model;
using SentiMail.MachineLearning.Quality;
using SentiMail.MachineLearning.Training;

namespace SentiMail.MachineLearning.Tests.Training;

public sealed class TrainingTests
{
    [Fact]
    public async Task SameSampleAndSeed_GiveTheSameModelMetrics()
    {
        var (train, validation) = await LoadSampleAsync();

        var first = TrainSmall(train, validation, seed: 5);
        var second = TrainSmall(train, validation, seed: 5);

        Assert.Equal(first.Metadata.Trainer, second.Metadata.Trainer);
        Assert.Equal(first.Metadata.Candidates.Count, second.Metadata.Candidates.Count);
        for (var i = 0; i < first.Metadata.Candidates.Count; i++)
        {
            var a = first.Metadata.Candidates[i].Validation;
            var b = second.Metadata.Candidates[i].Validation;
            Assert.Equal(a.AreaUnderRocCurve, b.AreaUnderRocCurve, 6);
            Assert.Equal(a.LogLoss, b.LogLoss, 4);
            Assert.Equal(a.F1, b.F1, 6);
        }

        var p1 = SpamModelEvaluator.Predict(first.Model, validation);
        var p2 = SpamModelEvaluator.Predict(second.Model, validation);
        for (var i = 0; i < p1.Length; i++)
        {
            Assert.Equal(p1[i], p2[i], 4);
        }
    }

    [Fact]
    public async Task SmallSample_LearnsToSeparateSpamFromHam()
    {
        var (train, validation) = await LoadSampleAsync();

        var result = TrainSmall(train, validation, seed: 1);

        Assert.Equal(2, result.Metadata.Candidates.Count);
        Assert.True(result.Metadata.Validation!.AreaUnderRocCurve > 0.8, $"validation AUC {result.Metadata.Validation.AreaUnderRocCurve}");
        Assert.Equal(train.Count, result.Metadata.TrainingMessages);
        Assert.Equal(SpamFeatureExtractor.DefaultSignalIds(), result.Metadata.SignalIds);
    }

    [Fact]
    public async Task SavedModel_LoadsBackAndPredictsTheSame()
    {
        var (train, validation) = await LoadSampleAsync();
        var result = TrainSmall(train, validation, seed: 1);
        var path = TestPaths.TempFile(".zip");

        await result.SaveAsync(path);
        var loaded = SpamModel.Load(path);

        Assert.Equal(result.Metadata.Trainer, loaded.Metadata.Trainer);
        Assert.Equal(path, loaded.Source);
        var expected = SpamModelEvaluator.Predict(result.Model, validation);
        for (var i = 0; i < validation.Count; i++)
        {
            Assert.Equal(expected[i], loaded.PredictProbability(validation[i].Input), 5);
        }
    }

    [Fact]
    public void OneClassOnly_IsRefused()
    {
        var ham = new MessageExample
        {
            Name = "a", Group = "easy-ham-1", Sha256 = new string('0', 64), IsSpam = false,
            Input = new Features.SpamModelInput(), RuleWeights = 0, RuleVerdict = Scoring.Verdict.Clean,
        };

        Assert.Throws<ArgumentException>(() => new SpamModelTrainer().Train([ham, ham], [ham], SpamFeatureExtractor.DefaultSignalIds()));
    }

    internal static async Task<(List<MessageExample> Train, List<MessageExample> Validation)> LoadSampleAsync()
    {
        var entries = CorpusSplit.Read(Path.Combine(TestPaths.CorpusSample, "sample.txt"));
        var extractor = new SpamFeatureExtractor();
        var examples = new List<MessageExample>();
        foreach (var entry in entries)
        {
            var bytes = await File.ReadAllBytesAsync(Path.Combine(TestPaths.CorpusSample, entry.Group, entry.FileName));
            var example = await extractor.ExtractAsync(bytes, entry.RelativePath, entry.Group, entry.IsSpam);
            Assert.Equal(entry.Sha256, example.Sha256);
            examples.Add(example);
        }

        // Every third message validates; the rest trains. Both parts hold spam and ham.
        return ([.. examples.Where((_, i) => i % 3 != 0)], [.. examples.Where((_, i) => i % 3 == 0)]);
    }

    private static SpamTrainingResult TrainSmall(List<MessageExample> train, List<MessageExample> validation, int seed)
    {
        var options = new SpamTrainingOptions { Seed = seed, Iterations = 20 };
        options.Trainers.Clear();
        options.Trainers.Add(SpamTrainerKind.SdcaLogisticRegression);
        options.Trainers.Add(SpamTrainerKind.LightGbm);
        return new SpamModelTrainer(options).Train(train, validation, SpamFeatureExtractor.DefaultSignalIds());
    }
}
