namespace SentiMail.Context;

/// <summary>Where a link was found.</summary>
public enum LinkSource
{
    /// <summary>The <c>href</c> of an HTML anchor.</summary>
    HtmlAnchor,

    /// <summary>The <c>action</c> of an HTML form.</summary>
    HtmlForm,

    /// <summary>The source of an HTML image, frame or similar resource.</summary>
    HtmlResource,

    /// <summary>A URL written in plain text (in the text body, or in the visible text of the HTML body).</summary>
    Text,

    /// <summary>A link inside an HTML attachment.</summary>
    Attachment,
}
