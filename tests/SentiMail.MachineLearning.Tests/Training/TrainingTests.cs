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
        Assert.InRange(result.Metadata.OperatingPoint, 0.5, 1);
        Assert.All(result.Metadata.Candidates, c => Assert.InRange(c.OperatingPoint, 0.5, 1));
        Assert.Contains(result.Metadata.Candidates, c => c.OperatingPoint == result.Metadata.OperatingPoint);
        Assert.Equal(0.003, result.Metadata.TargetFalsePositiveRate);
        Assert.True(result.Metadata.Validation!.AreaUnderRocCurve > 0.8, $"validation AUC {result.Metadata.Validation.AreaUnderRocCurve}");
        Assert.Equal(train.Count + validation.Count, result.Metadata.TrainingMessages);
        Assert.Equal(SpamFeatureExtractor.DefaultSignalIds(), result.Metadata.SignalIds);
        Assert.Equal(5, result.Metadata.CrossValidationFolds);
        Assert.All(result.Metadata.Candidates, c => Assert.NotNull(c.WithoutTokens));
        var blend = result.Metadata.Blend;
        Assert.True(double.IsFinite(blend.Bias) && blend.ClassifierWeight >= 0 && blend.TokenWeight > 0, $"blend {blend}");
        Assert.True(blend.Tokens > 0);
    }

    [Fact]
    public async Task OutOfFold_HoldsEveryTrainingMessageAndAgreesWithTheChosenCandidatesMetrics()
    {
        var (train, validation) = await LoadSampleAsync();

        var result = TrainSmall(train, validation, seed: 1);

        var rows = result.OutOfFold;
        Assert.Equal([.. train.Concat(validation).Select(e => e.Name)], rows.Select(r => r.Name));
        Assert.Equal(train.Concat(validation).Select(e => e.IsSpam), rows.Select(r => r.IsSpam));
        Assert.Equal(SpamModelTrainer.AssignFolds([.. train, .. validation], 5), rows.Select(r => r.Fold));
        Assert.All(rows, r => Assert.InRange(r.Probability, 0, 1));
        Assert.All(rows, r => Assert.InRange(r.ClassifierProbability, 0, 1));

        // The rows are the figures behind the chosen candidate's out-of-fold metrics.
        var spam = rows.Where(r => r.IsSpam).ToList();
        var ham = rows.Where(r => !r.IsSpam).ToList();
        var validationMetrics = result.Metadata.Validation!;
        Assert.Equal(validationMetrics.Recall, (double)spam.Count(r => r.MarkedSpam) / spam.Count, 9);
        Assert.Equal(validationMetrics.FalsePositiveRate, (double)ham.Count(r => r.MarkedSpam) / ham.Count, 9);

        // Where the model abstains, the rules alone decide.
        var byName = train.Concat(validation).ToDictionary(e => e.Name);
        Assert.All(rows.Where(r => r.Abstained), r => Assert.Equal(byName[r.Name].RuleVerdict >= Scoring.Verdict.Suspicious, r.MarkedSpam));

        // Every message is scored by a blend of its own classifier probability and token score.
        var blend = result.Metadata.Blend;
        Assert.All(rows, r => Assert.Equal(r.Probability, blend.Probability(r.ClassifierProbability, r.TokenScore), 5));
    }

    [Theory]
    [InlineData("french/spam-promo-fr.eml", true, true)]
    [InlineData("french/ham-reunion-fr.eml", true, true)]
    [InlineData("french/spam-promo-fr.eml", false, false)]
    public async Task Abstains_OnMailInAnotherLanguage_UnlessTheOptionIsOff(string file, bool abstainOnOtherLanguages, bool expected)
    {
        var bytes = await File.ReadAllBytesAsync(Path.Combine(TestPaths.TestData, file));
        var example = await new SpamFeatureExtractor().ExtractAsync(bytes, file, "spam-1", isSpam: true);

        Assert.Equal(expected, SpamModelEvaluator.Abstains(example, new SpamModelOptions { AbstainOnOtherLanguages = abstainOnOtherLanguages }));
    }

    [Fact]
    public async Task Abstains_NeverOnEnglishCorpusMail()
    {
        var (train, _) = await LoadSampleAsync();

        Assert.DoesNotContain(train.Where(e => e.Name.Contains("easy-ham", StringComparison.Ordinal)), e => SpamModelEvaluator.Abstains(e, new SpamModelOptions()));
    }

    [Fact]
    public async Task TradeOffs_RecordRecallAtWiderBudgets_AndTheShippedBudgetMatchesTheChosenPoint()
    {
        var (train, validation) = await LoadSampleAsync();

        var result = TrainSmall(train, validation, seed: 1);

        var tradeOffs = result.Metadata.TradeOffs;
        Assert.Equal([0.001, 0.002, 0.003, 0.005, 0.01, 0.02], tradeOffs.Select(t => t.TargetFalsePositiveRate));
        var shipped = Assert.Single(tradeOffs, t => t.TargetFalsePositiveRate == result.Metadata.TargetFalsePositiveRate);
        Assert.Equal(result.Metadata.OperatingPoint, shipped.OperatingPoint, 9);
        Assert.Equal(result.Metadata.Validation!.Recall, shipped.Recall, 9);

        // A wider budget never buys less recall, and each point is a probability above 0.5.
        for (var i = 1; i < tradeOffs.Count; i++)
        {
            Assert.True(tradeOffs[i].Recall >= tradeOffs[i - 1].Recall, $"{tradeOffs[i - 1]} then {tradeOffs[i]}");
        }

        Assert.All(tradeOffs, t => Assert.InRange(t.OperatingPoint, 0.5, 1));

        // They survive the model file.
        var path = TestPaths.TempFile(".zip");
        await result.SaveAsync(path);
        Assert.Equal(tradeOffs, SpamModel.Load(path).Metadata.TradeOffs);
    }

    [Fact]
    public async Task Parallelism_DoesNotChangeTheModel()
    {
        var (train, validation) = await LoadSampleAsync();

        var one = TrainSmall(train, validation, seed: 3, parallelism: 1);
        var two = TrainSmall(train, validation, seed: 3, parallelism: 2);

        Assert.Equal(one.Metadata.OperatingPoint, two.Metadata.OperatingPoint);
        Assert.Equal(one.Metadata.Blend, two.Metadata.Blend);
        Assert.Equal(SpamModelEvaluator.Predict(one.Model, validation), SpamModelEvaluator.Predict(two.Model, validation));
    }

    [Fact]
    public async Task Folds_AreStratifiedByGroupAndFixed()
    {
        var (train, validation) = await LoadSampleAsync();
        List<MessageExample> pool = [.. train, .. validation];

        var folds = SpamModelTrainer.AssignFolds(pool, 5);
        var shuffled = SpamModelTrainer.AssignFolds([.. pool.AsEnumerable().Reverse()], 5).Reverse().ToArray();

        Assert.Equal(folds, shuffled);
        foreach (var group in pool.Select((e, i) => (e.Group, Fold: folds[i])).GroupBy(x => x.Group))
        {
            var sizes = group.GroupBy(x => x.Fold).Select(g => g.Count()).ToArray();
            Assert.True(sizes.Max() - sizes.Min() <= 1 && (group.Count() < 5 || sizes.Length == 5), $"{group.Key}: {string.Join(',', sizes)}");
        }
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
    public void OperatingPoint_KeepsHamFalsePositivesWithinTheTargetWithAMargin()
    {
        // 1,000 ham: 996 rated 0.2, four rated 0.8 to 0.95; 110 spam rated 0.97 or 0.99. At most 3 false positives
        // (0.3 %) means a point above 0.8; catching every spam means a point at most 0.97: the middle in log-odds is 0.92.
        var examples = new List<MessageExample>();
        var probabilities = new List<float>();
        void Add(bool spam, float p, int count)
        {
            for (var i = 0; i < count; i++)
            {
                examples.Add(Example(spam));
                probabilities.Add(p);
            }
        }

        Add(spam: false, 0.2f, 996);
        Add(spam: false, 0.8f, 1);
        Add(spam: false, 0.85f, 1);
        Add(spam: false, 0.9f, 1);
        Add(spam: false, 0.95f, 1);
        Add(spam: true, 0.97f, 10);
        Add(spam: true, 0.99f, 100);
        var options = new SpamModelOptions();

        var point = SpamModelEvaluator.ChooseOperatingPoint(examples, probabilities, options, 0.003);

        Assert.InRange(point, 0.90, 0.94);
        var metrics = SpamModelEvaluator.Measure(examples, probabilities, options, 35, point);
        Assert.Equal(1.0, metrics.Recall);
        Assert.True(metrics.FalsePositiveRate <= 0.003, $"FP rate {metrics.FalsePositiveRate}");
    }

    [Theory]
    [InlineData(1, 0.92, 0.94, 0.002)] // the rules hold 1 of the 3 allowed: the point must pass 0.85 (the middle up to 0.97 gives 1 more)
    [InlineData(3, 0.935, 0.955, 0.004)] // the rules hold all 3: the model keeps half the target (1), the point must pass 0.9
    public void OperatingPoint_CountsHamTheModelMayNotClearTowardsTheTarget(int heldByRules, double low, double high, double falsePositiveRate)
    {
        // 1,000 ham rated 0.2, of which some carry strong rule evidence worth 50 points: false positives whatever the
        // model says. Four more ham are rated 0.8 to 0.95, and 110 spam 0.97 or 0.99. The target, 0.3 %, is 3 ham.
        var examples = new List<MessageExample>();
        var probabilities = new List<float>();
        for (var i = 0; i < 996; i++)
        {
            examples.Add(i < heldByRules ? Example(spam: false) with { RuleWeights = 50, RuleSignals = ["brand.lookalike-link-domain"] } : Example(spam: false));
            probabilities.Add(0.2f);
        }

        foreach (var p in new[] { 0.8f, 0.85f, 0.9f, 0.95f })
        {
            examples.Add(Example(spam: false));
            probabilities.Add(p);
        }

        for (var i = 0; i < 110; i++)
        {
            examples.Add(Example(spam: true));
            probabilities.Add(i < 10 ? 0.97f : 0.99f);
        }

        var options = new SpamModelOptions();

        var point = SpamModelEvaluator.ChooseOperatingPoint(examples, probabilities, options, 0.003);

        Assert.InRange(point, low, high);
        var metrics = SpamModelEvaluator.Measure(examples, probabilities, options, 35, point);
        Assert.Equal(1.0, metrics.Recall);
        Assert.Equal(falsePositiveRate, metrics.FalsePositiveRate, 4);
    }

    [Fact]
    public void OperatingPoint_WhenNoPointMeetsTheTarget_TakesTheFewestFalsePositives()
    {
        // One ham rated above every possible point: a false positive whatever the point. The next ham (0.7) can be
        // avoided, the spam (0.6) then not caught: the lowest point above 0.7 is the best that remains.
        var examples = new List<MessageExample> { Example(spam: false), Example(spam: false), Example(spam: true) };

        var point = SpamModelEvaluator.ChooseOperatingPoint(examples, [0.999999f, 0.7f, 0.6f], new SpamModelOptions(), 0.003);

        Assert.InRange(point, 0.7, 0.72);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(21)]
    public void FoldsOutOfRange_AreRefused(int folds)
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => new SpamTrainingOptions { Folds = folds });
        Assert.Contains("2 to 20", error.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentOutOfRangeException>(() => new SpamTrainingOptions { MaxParallelism = 0 });
    }

    [Fact]
    public void OneClassOnly_IsRefused()
    {
        var ham = new MessageExample
        {
            Name = "a", Group = "easy-ham-1", Sha256 = new string('0', 64), IsSpam = false,
            Input = new SentiMail.MachineLearning.Features.SpamModelInput(), RuleWeights = 0, RuleVerdict = Scoring.Verdict.Clean,
        };

        Assert.Throws<ArgumentException>(() => new SpamModelTrainer().Train([ham, ham], [ham], SpamFeatureExtractor.DefaultSignalIds()));
    }

    [Fact]
    public async Task FewerSpamThanFolds_IsRefusedWithTheCounts()
    {
        // Four spam for five folds: a fold would hold out no spam, and the figures would mean nothing.
        var (train, validation) = await LoadSampleAsync();
        var spam = train.Concat(validation).Where(e => e.IsSpam).Take(4);
        var ham = train.Concat(validation).Where(e => !e.IsSpam);

        var error = Assert.Throws<ArgumentException>(() => new SpamModelTrainer().Train([.. spam, .. ham], [], SpamFeatureExtractor.DefaultSignalIds()));

        Assert.Contains("at least 5 spam and 5 ham", error.Message, StringComparison.Ordinal);
        Assert.Contains($"they hold 4 spam and {ham.Count()} ham", error.Message, StringComparison.Ordinal);
        Assert.Equal("train", error.ParamName);
    }

    [Fact]
    public void GroupsOfOneMessage_WouldLeaveAFoldWithoutSpam_AndAreRefusedSayingSo()
    {
        // Five spam groups of one message each: every spam is dealt to the first fold, which then trains on none.
        List<MessageExample> pool =
        [
            .. Enumerable.Range(0, 5).Select(i => Example(spam: true) with { Group = $"spam-{i}", Name = $"spam-{i}/x" }),
            .. Enumerable.Range(0, 10).Select(i => Example(spam: false) with { Name = $"easy-ham-1/{i}", Sha256 = i.ToString("x64", System.Globalization.CultureInfo.InvariantCulture) }),
        ];
        var folds = SpamModelTrainer.AssignFolds(pool, 5);

        var problem = SpamModelTrainer.FoldProblem(pool, folds, 5);

        Assert.NotNull(problem);
        Assert.StartsWith("Fold 1 of the cross-validation would train on no spam", problem, StringComparison.Ordinal);
        Assert.Contains("fewer, larger groups", problem, StringComparison.Ordinal);
        var fixedUp = pool.Select(e => e.IsSpam ? e with { Group = "spam-1" } : e).ToList();
        Assert.Null(SpamModelTrainer.FoldProblem(fixedUp, SpamModelTrainer.AssignFolds(fixedUp, 5), 5));
    }

    private static MessageExample Example(bool spam) => new()
    {
        Name = spam ? "spam-1/x" : "easy-ham-1/x", Group = spam ? "spam-1" : "easy-ham-1", Sha256 = new string('0', 64), IsSpam = spam,
        Input = new SentiMail.MachineLearning.Features.SpamModelInput(), RuleWeights = 0, RuleVerdict = Scoring.Verdict.Clean,
    };

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

    private static SpamTrainingResult TrainSmall(List<MessageExample> train, List<MessageExample> validation, int seed, int parallelism = 2)
    {
        var options = new SpamTrainingOptions { Seed = seed, Iterations = 20, MaxParallelism = parallelism };
        options.Trainers.Clear();
        options.Trainers.Add(SpamTrainerKind.SdcaLogisticRegression);
        options.Trainers.Add(SpamTrainerKind.LightGbm);
        return new SpamModelTrainer(options).Train(train, validation, SpamFeatureExtractor.DefaultSignalIds());
    }
}
