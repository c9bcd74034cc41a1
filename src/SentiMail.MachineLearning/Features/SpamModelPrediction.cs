namespace SentiMail.MachineLearning.Features;

/// <summary>What the spam model says about one message.</summary>
public sealed class SpamModelPrediction
{
    /// <summary>Gets or sets the calibrated probability that the message is spam, 0 to 1.</summary>
    public float Probability { get; set; }

    /// <summary>Gets or sets the raw score of the trainer, before calibration.</summary>
    public float Score { get; set; }

    /// <summary>Gets or sets the trainer's yes/no answer at probability 0.5.</summary>
    public bool PredictedLabel { get; set; }
}
