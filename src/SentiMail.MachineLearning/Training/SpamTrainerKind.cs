namespace SentiMail.MachineLearning.Training;

/// <summary>The ML.NET binary classifiers <see cref="SpamModelTrainer"/> compares.</summary>
public enum SpamTrainerKind
{
    /// <summary>Logistic regression fitted by stochastic dual coordinate ascent (calibrated by construction).</summary>
    SdcaLogisticRegression,

    /// <summary>LightGBM gradient-boosted trees, Platt-calibrated.</summary>
    LightGbm,

    /// <summary>ML.NET's FastTree gradient-boosted trees, Platt-calibrated.</summary>
    FastTree,
}
