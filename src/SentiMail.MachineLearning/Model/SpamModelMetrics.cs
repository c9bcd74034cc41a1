namespace SentiMail.MachineLearning.Model;

/// <summary>How well a spam model did on one labelled set of messages.</summary>
public sealed record SpamModelMetrics
{
    /// <summary>Gets the number of messages.</summary>
    public int Messages { get; init; }

    /// <summary>Gets the area under the ROC curve of the model's probability.</summary>
    public double AreaUnderRocCurve { get; init; }

    /// <summary>Gets the log-loss of the calibrated probability (lower is better).</summary>
    public double LogLoss { get; init; }

    /// <summary>Gets the spam recall of the engine's verdict with the model (Suspicious or worse counts as spam).</summary>
    public double Recall { get; init; }

    /// <summary>Gets the share of ham the engine with the model marks Suspicious or worse.</summary>
    public double FalsePositiveRate { get; init; }

    /// <summary>Gets the precision of the engine's verdict with the model.</summary>
    public double Precision { get; init; }

    /// <summary>Gets the F1 score of the engine's verdict with the model.</summary>
    public double F1 { get; init; }
}
