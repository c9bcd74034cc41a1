using Microsoft.ML;
using Microsoft.ML.Calibrators;
using Microsoft.ML.Data;
using Microsoft.ML.Trainers.FastTree;
using Microsoft.ML.Trainers.LightGbm;
using SentiMail.MachineLearning.Features;

namespace SentiMail.MachineLearning.Model;

/// <summary>
/// The trees of a LightGBM or FastTree classifier with its Platt calibration, read out of the ML.NET pipeline once so
/// that a message is scored without a prediction engine: only the few hundred inputs the trees split on are gathered
/// (from the sparse hashed text, the signals and the counts) into a small buffer on the stack, and the trees are walked
/// over flat arrays. It computes what ML.NET computes, in the same order and precision (the leaf values summed as
/// doubles, the sum cast to the float score, the calibration in double); <see cref="SpamModel"/> checks that on probe
/// inputs when it loads a model and falls back to ML.NET's engine otherwise. Thread-safe: it holds no state per call.
/// </summary>
internal sealed class CompiledTreeEnsemble
{
    // The pipeline concatenates Text, Signals and Counts into one column, in that order (SpamModelTrainer.FeatureColumn).
    private const int SignalsStart = SpamModelInput.TextSlots;
    private const int CountsStart = SignalsStart + SpamModelInput.SignalSlots;
    private const int FeatureCount = CountsStart + SpamModelInput.CountSlots;
    private const int MaxStackInputs = 1024;

    // For each input slot: its place in the gathered buffer, or -1 when no tree splits on it.
    private readonly int[] _textPlace;
    private readonly int[] _signalPlace;
    private readonly int[] _countPlace;

    // The features the trees split on, in input order (the place of each in the gathered buffer is its index here).
    private readonly int[] _usedFeatures;

    // Every tree's nodes, one after another: the gathered place of the split input, the threshold, and the children
    // (a node index, or ~leaf for a leaf, leaf indices counting across trees). Each tree starts at its root.
    private readonly int[] _roots;
    private readonly int[] _place;
    private readonly float[] _threshold;
    private readonly int[] _lte;
    private readonly int[] _gt;
    private readonly double[] _leafValues;

    // For each tree: the highest input index any of its nodes splits on (trees that split on the hashed text alone are
    // skipped when only signals and counts are attributed).
    private readonly int[] _highestFeature;
    private readonly double _slope;
    private readonly double _offset;

    private CompiledTreeEnsemble(IReadOnlyList<RegressionTree> trees, PlattCalibrator calibrator)
    {
        var used = new SortedSet<int>();
        var nodes = 0;
        var leaves = 0;
        foreach (var tree in trees)
        {
            used.UnionWith(tree.NumericalSplitFeatureIndexes);
            nodes += tree.NumberOfNodes;
            leaves += tree.NumberOfLeaves;
        }

        _usedFeatures = [.. used];
        var placeOf = new Dictionary<int, int>(_usedFeatures.Length);
        for (var i = 0; i < _usedFeatures.Length; i++)
        {
            placeOf[_usedFeatures[i]] = i;
        }

        _textPlace = Places(0, SpamModelInput.TextSlots, placeOf);
        _signalPlace = Places(SignalsStart, SpamModelInput.SignalSlots, placeOf);
        _countPlace = Places(CountsStart, SpamModelInput.CountSlots, placeOf);

        _roots = new int[trees.Count];
        _highestFeature = new int[trees.Count];
        _place = new int[nodes];
        _threshold = new float[nodes];
        _lte = new int[nodes];
        _gt = new int[nodes];
        _leafValues = new double[leaves];
        var nodeBase = 0;
        var leafBase = 0;
        for (var t = 0; t < trees.Count; t++)
        {
            var tree = trees[t];
            _roots[t] = nodeBase;
            _highestFeature[t] = tree.NumericalSplitFeatureIndexes.Max();
            for (var n = 0; n < tree.NumberOfNodes; n++)
            {
                _place[nodeBase + n] = placeOf[tree.NumericalSplitFeatureIndexes[n]];
                _threshold[nodeBase + n] = tree.NumericalSplitThresholds[n];
                _lte[nodeBase + n] = Child(tree.LeftChild[n], nodeBase, leafBase);
                _gt[nodeBase + n] = Child(tree.RightChild[n], nodeBase, leafBase);
            }

            for (var l = 0; l < tree.NumberOfLeaves; l++)
            {
                _leafValues[leafBase + l] = tree.LeafValues[l];
            }

            nodeBase += tree.NumberOfNodes;
            leafBase += tree.NumberOfLeaves;
        }

        _slope = calibrator.Slope;
        _offset = calibrator.Offset;
    }

    /// <summary>Gets how many inputs the trees split on.</summary>
    public int UsedInputs => _usedFeatures.Length;

    /// <summary>Gets the number of trees.</summary>
    public int Trees => _roots.Length;

    /// <summary>Reads the trees out of a pipeline shaped as <c>sentimail model train</c> writes it with a tree
    /// trainer: the concatenation of the three input columns, then a Platt-calibrated LightGBM or FastTree classifier.</summary>
    /// <param name="transformer">The loaded pipeline.</param>
    /// <returns>The compiled trees, or <see langword="null"/> when the pipeline has another shape (a linear classifier,
    /// categorical splits, weighted trees...), which ML.NET's engine then scores.</returns>
    public static CompiledTreeEnsemble? TryCreate(ITransformer transformer)
    {
        if (transformer is not TransformerChain<ITransformer> chain)
        {
            return null;
        }

        var parts = chain.ToArray();
        if (parts.Length != 2 || parts[0] is not ColumnConcatenatingTransformer
            || parts[1] is not ISingleFeaturePredictionTransformer<object> { FeatureColumnName: Training.SpamModelTrainer.FeatureColumn } predictor)
        {
            return null;
        }

        var (ensemble, calibrator) = predictor.Model switch
        {
            CalibratedModelParametersBase<LightGbmBinaryModelParameters, PlattCalibrator> m => (m.SubModel.TrainedTreeEnsemble, m.Calibrator),
            CalibratedModelParametersBase<FastTreeBinaryModelParameters, PlattCalibrator> m => (m.SubModel.TrainedTreeEnsemble, m.Calibrator),
            _ => (null, null),
        };
        if (ensemble is null || calibrator is null || ensemble.Bias != 0 || ensemble.Trees.Count == 0)
        {
            return null;
        }

        for (var t = 0; t < ensemble.Trees.Count; t++)
        {
            var tree = ensemble.Trees[t];
            if (ensemble.TreeWeights[t] != 1 || tree.NumberOfNodes == 0 || tree.NumberOfLeaves != tree.NumberOfNodes + 1
                || tree.CategoricalSplitFlags.Any(c => c) || tree.NumericalSplitFeatureIndexes.Any(f => (uint)f >= FeatureCount)
                || !ChildrenComeAfterTheirParents(tree.LeftChild, tree.RightChild, tree.NumberOfLeaves))
            {
                return null;
            }
        }

        return new CompiledTreeEnsemble(ensemble.Trees, calibrator);
    }

    /// <summary>Returns the classifier's calibrated probability for a message, as ML.NET's engine would.</summary>
    /// <param name="input">The message's features.</param>
    /// <param name="probability">The probability.</param>
    /// <returns><see langword="false"/> when an input the trees split on is not a number (ML.NET then substitutes a
    /// default this class does not know) or the text vector has another length: score with ML.NET's engine.</returns>
    public bool TryPredict(SpamModelInput input, out float probability)
    {
        probability = 0;
        if (!TrySum(input, out var sum))
        {
            return false;
        }

        var score = (float)sum;
        probability = (float)(1 / (1 + Math.Exp((_slope * score) + _offset)));
        return true;
    }

    /// <summary>Returns the trees' score for a message before calibration: the sum of the leaf values it reaches.</summary>
    /// <param name="input">The message's features.</param>
    /// <param name="sum">The sum.</param>
    /// <returns><see langword="false"/> as <see cref="TryPredict"/> does.</returns>
    public bool TrySum(SpamModelInput input, out double sum)
    {
        sum = 0;
        Span<float> values = _usedFeatures.Length <= MaxStackInputs ? stackalloc float[_usedFeatures.Length] : new float[_usedFeatures.Length];
        if (!TryGather(input, values))
        {
            return false;
        }

        double total = 0;
        for (var t = 0; t < _roots.Length; t++)
        {
            var node = _roots[t];
            while (node >= 0)
            {
                node = values[_place[node]] > _threshold[node] ? _gt[node] : _lte[node];
            }

            total += _leafValues[~node];
        }

        sum = total;
        return true;
    }

    /// <summary>
    /// Tells which inputs moved the trees' score for a message: for each input the message has (not 0) that a tree
    /// tested on the message's path, how much that tree's leaf value changes when the input alone is set to 0, summed
    /// over the trees. Positive means the input pushed the score towards spam. The inputs interact, so the changes do
    /// not add up to the score; they rank what the trees leaned on.
    /// </summary>
    /// <param name="input">The message's features.</param>
    /// <param name="firstFeature">The first input worth the work: <see cref="SpamModelInput.TextSlots"/> leaves out the
    /// hashed text, whose slots cannot be named.</param>
    /// <returns>Each input that changed the score (its index in the concatenated feature vector: hashed text, then
    /// signals, then counts) with its change, or an empty list when an input is not a number.</returns>
    public IReadOnlyList<(int Feature, double Change)> Attribute(SpamModelInput input, int firstFeature = 0)
    {
        var small = _usedFeatures.Length <= MaxStackInputs;
        Span<float> values = small ? stackalloc float[_usedFeatures.Length] : new float[_usedFeatures.Length];
        if (!TryGather(input, values))
        {
            return [];
        }

        Span<double> change = small ? stackalloc double[_usedFeatures.Length] : new double[_usedFeatures.Length];
        change.Clear();
        Span<int> path = stackalloc int[64];
        for (var t = 0; t < _roots.Length; t++)
        {
            if (_highestFeature[t] < firstFeature)
            {
                continue;
            }

            var (leaf, length) = Walk(_roots[t], values, path);
            for (var i = 0; i < length; i++)
            {
                var place = path[i];
                if (values[place] == 0 || _usedFeatures[place] < firstFeature || path[..i].Contains(place))
                {
                    continue;
                }

                var kept = values[place];
                values[place] = 0;
                change[place] += _leafValues[leaf] - _leafValues[Walk(_roots[t], values, []).Leaf];
                values[place] = kept;
            }
        }

        var result = new List<(int Feature, double Change)>();
        for (var place = 0; place < change.Length; place++)
        {
            if (change[place] != 0)
            {
                result.Add((_usedFeatures[place], change[place]));
            }
        }

        return result;
    }

    /// <summary>Walks one tree to its leaf, noting the inputs (their places) tested on the way while there is room.</summary>
    private (int Leaf, int Length) Walk(int root, ReadOnlySpan<float> values, Span<int> path)
    {
        var node = root;
        var length = 0;
        while (node >= 0)
        {
            if (length < path.Length)
            {
                path[length++] = _place[node];
            }

            node = values[_place[node]] > _threshold[node] ? _gt[node] : _lte[node];
        }

        return (~node, length);
    }

    /// <summary>Makes inputs that send the trees down many different paths: each input the trees split on is set, at
    /// random, to 0, to one of its thresholds or to the next float above it. Used to check this class against ML.NET.</summary>
    /// <param name="count">How many inputs.</param>
    /// <param name="seed">The seed of the choices.</param>
    /// <returns>The inputs, with a dense text vector.</returns>
    public IReadOnlyList<SpamModelInput> CreateProbes(int count, int seed)
    {
        var thresholds = new List<float>[_usedFeatures.Length];
        for (var n = 0; n < _place.Length; n++)
        {
            var place = _place[n];
            thresholds[place] ??= [];
            thresholds[place].Add(_threshold[n]);
        }

        // Not security-sensitive: reproducible test inputs.
#pragma warning disable CA5394
        var random = new Random(seed);
        var probes = new SpamModelInput[count];
        for (var k = 0; k < count; k++)
        {
            var text = new float[SpamModelInput.TextSlots];
            var probe = new SpamModelInput();
            for (var i = 0; i < _usedFeatures.Length; i++)
            {
                var choices = thresholds[i];
                var threshold = choices[random.Next(choices.Count)];
                var value = random.Next(3) switch
                {
                    0 => 0f,
                    1 => threshold,
                    _ => MathF.BitIncrement(threshold),
                };
                var feature = _usedFeatures[i];
                if (feature < SignalsStart)
                {
                    text[feature] = value;
                }
                else if (feature < CountsStart)
                {
                    probe.Signals[feature - SignalsStart] = value;
                }
                else
                {
                    probe.Counts[feature - CountsStart] = value;
                }
            }

            probe.Text = new VBuffer<float>(text.Length, text);
            probes[k] = probe;
        }
#pragma warning restore CA5394

        return probes;
    }

    /// <summary>Gathers the inputs the trees split on into <paramref name="values"/> (one per place, 0 when absent).</summary>
    /// <returns><see langword="false"/> when a vector has another length or an input is not a number.</returns>
    private bool TryGather(SpamModelInput input, Span<float> values)
    {
        values.Clear();
        var text = input.Text;
        return text.Length == SpamModelInput.TextSlots && input.Signals.Length == SpamModelInput.SignalSlots && input.Counts.Length == SpamModelInput.CountSlots
            && Gather(text, values) && Gather(input.Signals, _signalPlace, values) && Gather(input.Counts, _countPlace, values);
    }

    private bool Gather(VBuffer<float> text, Span<float> values)
    {
        var stored = text.GetValues();
        if (text.IsDense)
        {
            return Gather(stored, _textPlace, values);
        }

        var indices = text.GetIndices();
        for (var i = 0; i < indices.Length; i++)
        {
            if ((uint)indices[i] < (uint)_textPlace.Length && _textPlace[indices[i]] is var place and >= 0)
            {
                if (float.IsNaN(stored[i]))
                {
                    return false;
                }

                values[place] = stored[i];
            }
        }

        return true;
    }

    private static bool Gather(ReadOnlySpan<float> source, int[] places, Span<float> values)
    {
        for (var i = 0; i < places.Length && i < source.Length; i++)
        {
            if (places[i] >= 0)
            {
                if (float.IsNaN(source[i]))
                {
                    return false;
                }

                values[places[i]] = source[i];
            }
        }

        return true;
    }

    /// <summary>Trees are numbered in the order they were split, so every child comes after its parent, and the walk
    /// always ends. A file that breaks this (damaged or crafted: a loop, a child out of range) is left to ML.NET.</summary>
    /// <param name="left">Each node's child for inputs at most its threshold: a node, or <c>~leaf</c>.</param>
    /// <param name="right">Each node's child for inputs above its threshold.</param>
    /// <param name="leaves">The number of leaves.</param>
    /// <returns>Whether the tree is well formed.</returns>
    internal static bool ChildrenComeAfterTheirParents(IReadOnlyList<int> left, IReadOnlyList<int> right, int leaves)
    {
        if (left.Count != right.Count)
        {
            return false;
        }

        for (var n = 0; n < left.Count; n++)
        {
            if (!IsChild(left[n], n, left.Count, leaves) || !IsChild(right[n], n, left.Count, leaves))
            {
                return false;
            }
        }

        return true;
    }

    private static bool IsChild(int child, int parent, int nodes, int leaves) =>
        child >= 0 ? child > parent && child < nodes : ~child < leaves;

    private static int[] Places(int start, int count, Dictionary<int, int> placeOf)
    {
        var places = new int[count];
        for (var i = 0; i < count; i++)
        {
            places[i] = placeOf.TryGetValue(start + i, out var place) ? place : -1;
        }

        return places;
    }

    // ML.NET marks a leaf child as ~leaf within its tree; here leaves count across trees and nodes are absolute.
    private static int Child(int child, int nodeBase, int leafBase) => child >= 0 ? nodeBase + child : ~(leafBase + ~child);
}
