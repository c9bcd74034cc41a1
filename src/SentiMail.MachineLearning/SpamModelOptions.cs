using System.Globalization;
using SentiMail.Scoring;

namespace SentiMail.MachineLearning;

/// <summary>
/// Options of the learned spam signal (<c>model.spam</c>): which model to load and how far it may move the score.
/// Validated at start-up; a model that cannot be loaded stops the application with a clear message.
/// </summary>
public sealed class SpamModelOptions
{
    /// <summary>Gets or sets the path of a model file written by <c>sentimail model train</c>. The file is loaded once,
    /// at start-up: another path set later (a configuration reloaded while the application runs) is refused until the
    /// application restarts.</summary>
    /// <value>The default value is <see langword="null"/>: the model embedded in the package. A relative path is taken
    /// from the current directory (the sample host takes it from its content root).</value>
    public string? ModelPath { get; set; }

    /// <summary>Gets or sets the most points the model adds, given to messages it rates well above its operating point.</summary>
    /// <value>The default value is 45: the model alone makes a message Suspicious (35) at most, never Malicious (65).
    /// Range: 0 to below the scoring policy's Malicious threshold less 0.5 (64.5 by default), so that this holds
    /// whatever the thresholds.</value>
    public double MaxRaise { get; set; } = 45;

    /// <summary>Gets or sets the most points the model removes, given to messages it rates well below probability 0.5.</summary>
    /// <value>The default value is 30: enough to clear a weak rule false positive (a Suspicious score up to 64), never
    /// enough to turn a Malicious score (65 or more) into Clean. Range: 0 to the gap between the scoring policy's
    /// Malicious and Suspicious thresholds (30 by default), so that this holds whatever the thresholds. No points are
    /// removed when strong rule evidence is present (see <see cref="StrongEvidenceSignals"/>).</value>
    public double MaxLower { get; set; } = 30;

    /// <summary>Gets or sets the points the model gives at its operating point (the probability chosen out of fold on
    /// its training data when it was trained, <see cref="Model.SpamModelMetadata.OperatingPoint"/>): the weight is linear in the
    /// log-odds of the probability, 0 at probability 0.5 and this value at the operating point.</summary>
    /// <value>The default value is 35, the engine's default Suspicious threshold: a message without rule points
    /// becomes Suspicious exactly when the model rates it at or above its operating point. Range: 1 to 100. Set it to
    /// your <c>ScoringPolicy.SuspiciousThreshold</c> if you changed that.</value>
    public double OperatingPointWeight { get; set; } = 35;

    /// <summary>Gets or sets a probability that replaces the model's own operating point, if any.</summary>
    /// <value>The default value is <see langword="null"/>: the operating point recorded in the model file. Range:
    /// above 0.5 and below 1. A higher value makes the model more cautious (fewer false positives, more missed spam).</value>
    public double? OperatingPoint { get; set; }

    /// <summary>
    /// Gets or sets the most points the model adds to a message that carries headers its training corpus never had
    /// (<see cref="ModernMailHeaders"/>): such mail is outside what the model learned from.
    /// </summary>
    /// <value>The default value is 20: below the Suspicious threshold, so that on current mail the model supports rule
    /// evidence but never makes a message Suspicious on its own. Whatever this value, on such mail the model never
    /// makes a message the rules leave Clean Suspicious: its raise stops below the scoring policy's Suspicious
    /// threshold (see <see cref="Analysis.ModelInfluence.ModernMailCap"/>). Range: 0 to 100; values above
    /// <see cref="MaxRaise"/> have no effect.</value>
    public double ModernMailMaxRaise { get; set; } = 20;

    /// <summary>Gets or sets a value indicating whether mail carrying one of <see cref="ModernMailHeaders"/> is bounded
    /// as mail the model never learned from: at most <see cref="ModernMailMaxRaise"/> points, and never a message the
    /// rules leave Clean made Suspicious.</summary>
    /// <value>The default value is <see langword="true"/>, for the shipped model (trained on mail from 2002–2003). Set
    /// it to <see langword="false"/> for a model trained on current mail: it then speaks with its full range there too.</value>
    public bool BoundModernMail { get; set; } = true;

    /// <summary>Gets the headers that mark mail from after the shipped model's training corpus (2002–2003): DKIM (2007),
    /// Authentication-Results (2007), ARC (2019), one-click unsubscribe (2019), Feedback-ID.</summary>
    /// <value>By default <c>DKIM-Signature</c>, <c>Authentication-Results</c>, <c>ARC-Seal</c>,
    /// <c>ARC-Message-Signature</c>, <c>List-Unsubscribe-Post</c>, <c>Feedback-ID</c> and <c>DomainKey-Signature</c>.
    /// For a model trained on current mail, set <see cref="BoundModernMail"/> to <see langword="false"/>. Values bound
    /// from configuration are added to these (a list in configuration cannot remove one); call <c>Clear()</c> in
    /// code to start from none.</value>
    public ISet<string> ModernMailHeaders { get; } = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
    {
        "DKIM-Signature", "Authentication-Results", "ARC-Seal", "ARC-Message-Signature", "List-Unsubscribe-Post", "Feedback-ID", "DomainKey-Signature",
    };

    /// <summary>Gets or sets a value indicating whether the model abstains (weight 0) on mail that reads as another
    /// language than English, the language of the shipped model's training corpus: French, German or Spanish, told by
    /// their common words (<see cref="Features.TrainingLanguage"/>), and often Italian or Portuguese, which share some
    /// of them. Other languages are not recognised, and the model judges such mail as it learned to.</summary>
    /// <value>The default value is <see langword="true"/>. Set it to <see langword="false"/> for a model trained on
    /// your own mail in your languages.</value>
    public bool AbstainOnOtherLanguages { get; set; } = true;

    /// <summary>
    /// Gets the signal ids that are strong rule evidence: when one of them is raised, the model may add points but never
    /// remove any, so that it cannot clear a message the rules mark malicious.
    /// </summary>
    /// <value>By default: brand impersonation and look-alike domains, credential forms, executable, macro and
    /// disk-image attachments, Office and RTF documents that fetch a remote template, hold an exploit object or embed
    /// a program, DMARC failure, homograph and user-info link tricks. Values bound from configuration are
    /// added to these (a list in configuration cannot remove one); call <c>Clear()</c> in code to start from none. Ids
    /// are compared exactly, case included: see <c>docs/signals.md</c> for the ids.</value>
    public ISet<string> StrongEvidenceSignals { get; } = new HashSet<string>(StringComparer.Ordinal)
    {
        "brand.display-name-impersonation",
        "brand.lookalike-sender-domain",
        "brand.lookalike-link-domain",
        "brand.link-text-impersonation",
        "link.credential-form",
        "link.idn-homograph",
        "link.userinfo-trick",
        "attachment.html-credential-form",
        "attachment.executable",
        "attachment.dangerous-extension",
        "attachment.archive-executable",
        "attachment.double-extension",
        "attachment.rtl-override-name",
        "attachment.macro",
        "attachment.remote-template",
        "attachment.office-exploit",
        "attachment.embedded-file",
        "attachment.disk-image",
        "attachment.svg-script",
        "dmarc.fail",
    };

    /// <summary>Returns every problem with the current values against the engine's default scoring policy (empty when
    /// valid). The model itself is checked by loading it.</summary>
    /// <returns>One sentence per invalid value.</returns>
    public IReadOnlyList<string> Validate() => Validate(new ScoringPolicy());

    /// <summary>Returns every problem with the current values against a scoring policy (empty when valid): besides each
    /// value's range, the bounds must keep the model's promises under that policy's thresholds. The model alone never
    /// makes a message Malicious (<see cref="MaxRaise"/> rounds below <see cref="ScoringPolicy.MaliciousThreshold"/>),
    /// and never makes a Malicious message Clean (<see cref="MaxLower"/> is at most the gap between the Malicious and
    /// Suspicious thresholds). The model itself is checked by loading it.</summary>
    /// <param name="scoring">The engine's scoring policy (<see cref="SentiMailOptions.Scoring"/>).</param>
    /// <returns>One sentence per invalid value.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="scoring"/> is <see langword="null"/>.</exception>
    public IReadOnlyList<string> Validate(ScoringPolicy scoring)
    {
        ArgumentNullException.ThrowIfNull(scoring);
        var errors = new List<string>();
        if (double.IsNaN(MaxRaise) || MaxRaise is < 0 or > 100)
        {
            errors.Add($"{nameof(SpamModelOptions)}.{nameof(MaxRaise)} must be between 0 and 100 (was {MaxRaise}).");
        }

        if (double.IsNaN(ModernMailMaxRaise) || ModernMailMaxRaise is < 0 or > 100)
        {
            errors.Add($"{nameof(SpamModelOptions)}.{nameof(ModernMailMaxRaise)} must be between 0 and 100 (was {ModernMailMaxRaise}).");
        }

        if (double.IsNaN(MaxLower) || MaxLower is < 0 or > 100)
        {
            errors.Add($"{nameof(SpamModelOptions)}.{nameof(MaxLower)} must be between 0 and 100 (was {MaxLower}).");
        }

        if (double.IsNaN(OperatingPointWeight) || OperatingPointWeight is < 1 or > 100)
        {
            errors.Add($"{nameof(SpamModelOptions)}.{nameof(OperatingPointWeight)} must be between 1 and 100 (was {OperatingPointWeight}).");
        }

        if (OperatingPoint is { } point && (double.IsNaN(point) || point is <= 0.5 or >= 1))
        {
            errors.Add($"{nameof(SpamModelOptions)}.{nameof(OperatingPoint)} must be above 0.5 and below 1 (was {point}).");
        }

        if (ModelPath is { Length: 0 })
        {
            errors.Add($"{nameof(SpamModelOptions)}.{nameof(ModelPath)} is empty; leave it null to use the embedded model.");
        }

        // The score is the sum rounded half away from zero (ModelInfluence.CombinedScore).
        // (Checked only within each value's range, which is reported above otherwise.)
        if (MaxRaise is >= 0 and <= 100 && MaxRaise >= scoring.MaliciousThreshold - 0.5)
        {
            errors.Add(string.Create(CultureInfo.InvariantCulture, $"{nameof(SpamModelOptions)}.{nameof(MaxRaise)} must stay below {scoring.MaliciousThreshold - 0.5}, so that the model alone never makes a message Malicious (score {scoring.MaliciousThreshold}) (was {MaxRaise})."));
        }

        if (MaxLower is >= 0 and <= 100 && MaxLower > scoring.MaliciousThreshold - scoring.SuspiciousThreshold)
        {
            errors.Add(string.Create(CultureInfo.InvariantCulture, $"{nameof(SpamModelOptions)}.{nameof(MaxLower)} must be at most {scoring.MaliciousThreshold - scoring.SuspiciousThreshold}, the gap between the Malicious and Suspicious thresholds, so that the model never makes a Malicious message Clean (was {MaxLower})."));
        }

        return errors;
    }
}
