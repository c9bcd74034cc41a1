using SentiMail.Signals;

namespace SentiMail.MachineLearning.Analysis;

/// <summary>The signal the spam model raises.</summary>
public static class ModelSignals
{
    /// <summary>The learned model's spam probability. Its weight depends on the probability (see <see cref="ModelInfluence"/>).</summary>
    public static readonly SignalDefinition Spam = new(
        "model.spam", SignalCategory.Model, 0,
        "A model trained on labelled mail rates how likely the message is spam; it adds points when likely, removes a few when unlikely.");

    /// <summary>The evidence value of <see cref="Spam"/> when the model abstains because the message reads as another
    /// language than English (<see cref="SpamModelOptions.AbstainOnOtherLanguages"/>).</summary>
    public const string AbstainsNotEnglish = "abstains: not English";

    /// <summary>Starts the evidence value of <see cref="Spam"/> that names the message's strongest clues for spam in the
    /// model's token statistics (tokens seen mostly in the spam it learned from), strongest first.</summary>
    public const string SpamCluesPrefix = "seen mostly in spam: ";

    /// <summary>Starts the evidence value of <see cref="Spam"/> that names the message's strongest clues for ham.</summary>
    public const string HamCluesPrefix = "seen mostly in ham: ";

    /// <summary>Starts the evidence value of <see cref="Spam"/> that names the named inputs (rule signals, structure)
    /// that moved the model's tree classifier towards spam for the message, most first.</summary>
    public const string ClassifierSpamPrefix = "the classifier leaned towards spam on: ";

    /// <summary>Starts the evidence value of <see cref="Spam"/> that names the inputs that moved it towards ham.</summary>
    public const string ClassifierHamPrefix = "the classifier leaned towards ham on: ";

    /// <summary>Gets every model signal.</summary>
    public static IReadOnlyList<SignalDefinition> All { get; } = [Spam];
}
