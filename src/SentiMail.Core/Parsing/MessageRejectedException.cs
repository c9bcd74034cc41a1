using System.Globalization;

namespace SentiMail.Parsing;

/// <summary>The input was not analysed because it is not an email or breaks a limit. This is a verdict on the input,
/// not a bug: its <see cref="Reason"/> says which, and its message is one line fit to show a user.</summary>
public sealed class MessageRejectedException : Exception
{
    /// <summary>Initializes a new instance of the <see cref="MessageRejectedException"/> class.</summary>
    public MessageRejectedException()
        : this(RejectionReason.NotAnEmail, "The input is not an email.")
    {
    }

    /// <summary>Initializes a new instance of the <see cref="MessageRejectedException"/> class.</summary>
    /// <param name="message">One line saying why.</param>
    public MessageRejectedException(string message)
        : this(RejectionReason.NotAnEmail, message)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="MessageRejectedException"/> class.</summary>
    /// <param name="message">One line saying why.</param>
    /// <param name="innerException">The error that caused the rejection.</param>
    public MessageRejectedException(string message, Exception innerException)
        : this(RejectionReason.Unreadable, message, innerException)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="MessageRejectedException"/> class.</summary>
    /// <param name="reason">Why the input was rejected.</param>
    /// <param name="message">One line saying why.</param>
    /// <param name="innerException">The error that caused the rejection, if any.</param>
    public MessageRejectedException(RejectionReason reason, string message, Exception? innerException = null)
        : base(message, innerException)
    {
        Reason = reason;
    }

    /// <summary>Gets why the input was rejected.</summary>
    public RejectionReason Reason { get; }

    /// <summary>Gets the reason as a stable, kebab-case code such as <c>too-large</c>, for logs and APIs.</summary>
    public string ReasonCode => ToCode(Reason);

    /// <summary>Converts a reason to its stable kebab-case code.</summary>
    /// <param name="reason">The reason.</param>
    /// <returns>The code, such as <c>not-an-email</c>.</returns>
    public static string ToCode(RejectionReason reason) => reason switch
    {
        RejectionReason.Empty => "empty",
        RejectionReason.TooLarge => "too-large",
        RejectionReason.HeaderTooLarge => "header-too-large",
        RejectionReason.TooDeep => "too-deep",
        RejectionReason.TooManyParts => "too-many-parts",
        RejectionReason.NotAnEmail => "not-an-email",
        RejectionReason.Unreadable => "unreadable",
        _ => reason.ToString().ToLower(CultureInfo.InvariantCulture),
    };
}
