using System.Text;
using MimeKit.Text;
using SentiMail.Context;

namespace SentiMail.Html;

/// <summary>
/// Turns HTML into the text a reader sees, with a real HTML5 tokenizer (MimeKit's), and collects links, forms and
/// hidden text in the same single pass.
/// </summary>
public static class HtmlTextExtractor
{
    /// <summary>The most characters of visible or hidden text kept from one document.</summary>
    public const int MaxTextLength = 512 * 1024;

    private const int MaxOpenElements = 256;
    private const int MaxLinks = 2000;
    private const int MaxForms = 100;

    /// <summary>Extracts the visible text, hidden text, links and forms of an HTML document.</summary>
    /// <param name="html">The HTML source.</param>
    /// <param name="location">The location to record on links and forms, such as <c>body:html</c>.</param>
    /// <param name="linkSource">The source to record on anchors (use <see cref="LinkSource.Attachment"/> for HTML attachments).</param>
    /// <returns>The extraction.</returns>
    public static HtmlExtraction Extract(string html, string location = "body:html", LinkSource linkSource = LinkSource.HtmlAnchor)
    {
        ArgumentNullException.ThrowIfNull(html);
        if (html.Length == 0)
        {
            return HtmlExtraction.Empty;
        }

        var state = new State(location, linkSource);
        using var reader = new StringReader(html);
        var tokenizer = new HtmlTokenizer(reader);
        while (tokenizer.ReadNextToken(out var token))
        {
            switch (token)
            {
                case HtmlTagToken tag:
                    state.OnTag(tag);
                    break;
                case HtmlDataToken data when token.Kind is HtmlTokenKind.Data or HtmlTokenKind.CData:
                    state.OnText(data.Data);
                    break;
                case HtmlDataToken script when token.Kind == HtmlTokenKind.ScriptData:
                    state.OnScriptData(script.Data);
                    break;
            }
        }

        return state.Finish();
    }

    private sealed class State(string location, LinkSource linkSource)
    {
        private readonly StringBuilder _visible = new();
        private readonly StringBuilder _hidden = new();
        private readonly List<(HtmlTagId Id, string Name, bool Hidden)> _open = [];
        private readonly List<MessageLink> _links = [];
        private readonly List<HtmlForm> _forms = [];
        private readonly StringBuilder _anchorText = new();
        private string? _anchorHref;
        private string? _anchorImageAlt;
        private FormBuilder? _form;
        private bool _hasScript;
        private int _hiddenDepth;
        private int _invisibleDepth;

        public void OnTag(HtmlTagToken tag)
        {
            if (tag.IsEndTag)
            {
                OnEndTag(tag);
                return;
            }

            if (HasEventHandler(tag))
            {
                _hasScript = true;
            }

            switch (tag.Id)
            {
                case HtmlTagId.A:
                    CloseAnchor();
                    _anchorHref = GetAttribute(tag, HtmlAttributeId.Href);
                    break;
                case HtmlTagId.Form:
                    CloseForm();
                    _form = new FormBuilder(
                        GetAttribute(tag, HtmlAttributeId.Action) ?? string.Empty,
                        (GetAttribute(tag, HtmlAttributeId.Method) ?? "get").Trim().ToLowerInvariant());
                    if (_form.Action.Length > 0)
                    {
                        AddLink(_form.Action, string.Empty, LinkSource.HtmlForm);
                    }

                    break;
                case HtmlTagId.Input or HtmlTagId.Select or HtmlTagId.TextArea or HtmlTagId.Button:
                    OnInput(tag);
                    break;
                case HtmlTagId.Image:
                    OnImage(tag);
                    break;
                case HtmlTagId.IFrame or HtmlTagId.Frame or HtmlTagId.Embed or HtmlTagId.Object:
                    AddResource(GetAttribute(tag, HtmlAttributeId.Src) ?? GetAttribute(tag, HtmlAttributeId.Data));
                    break;
                case HtmlTagId.Meta:
                    OnMeta(tag);
                    break;
                case HtmlTagId.Script:
                    _hasScript = true;
                    break;
            }

            if (IsBlock(tag.Id))
            {
                NewLine();
            }

            if (tag.IsEmptyElement || IsVoid(tag.Id) || _open.Count >= MaxOpenElements)
            {
                return;
            }

            var hidden = IsHidden(tag);
            var invisible = tag.Id is HtmlTagId.Script or HtmlTagId.Style or HtmlTagId.Head or HtmlTagId.Title or HtmlTagId.NoScript;
            _open.Add((tag.Id, tag.Name, hidden || invisible));
            if (hidden)
            {
                _hiddenDepth++;
            }

            if (invisible)
            {
                _invisibleDepth++;
            }
        }

        public void OnText(string text)
        {
            if (_invisibleDepth > 0)
            {
                return;
            }

            if (_hiddenDepth > 0)
            {
                AppendCollapsed(_hidden, text);
                return;
            }

            AppendCollapsed(_visible, text);
            if (_anchorHref is not null && _anchorText.Length < 1000)
            {
                AppendCollapsed(_anchorText, text);
            }
        }

        public void OnScriptData(string text)
        {
            if (text.Length > 0 && _open.Count > 0 && _open[^1].Id == HtmlTagId.Script)
            {
                _hasScript = true;
            }
        }

        public HtmlExtraction Finish()
        {
            CloseAnchor();
            CloseForm();
            return new HtmlExtraction
            {
                VisibleText = _visible.ToString().Trim(),
                HiddenText = _hidden.ToString().Trim(),
                Links = _links,
                Forms = _forms,
                HasScript = _hasScript,
            };
        }

        private void OnEndTag(HtmlTagToken tag)
        {
            if (tag.Id == HtmlTagId.A)
            {
                CloseAnchor();
            }
            else if (tag.Id == HtmlTagId.Form)
            {
                CloseForm();
            }

            if (IsBlock(tag.Id))
            {
                NewLine();
            }

            for (var i = _open.Count - 1; i >= 0; i--)
            {
                if (string.Equals(_open[i].Name, tag.Name, StringComparison.OrdinalIgnoreCase))
                {
                    while (_open.Count > i)
                    {
                        Pop();
                    }

                    return;
                }
            }
        }

        private void Pop()
        {
            var (id, _, hiddenOrInvisible) = _open[^1];
            _open.RemoveAt(_open.Count - 1);
            if (!hiddenOrInvisible)
            {
                return;
            }

            if (id is HtmlTagId.Script or HtmlTagId.Style or HtmlTagId.Head or HtmlTagId.Title or HtmlTagId.NoScript)
            {
                _invisibleDepth--;
            }
            else
            {
                _hiddenDepth--;
            }
        }

        private void OnInput(HtmlTagToken tag)
        {
            if (_form is null || _form.Fields.Count >= 20)
            {
                return;
            }

            var type = (GetAttribute(tag, HtmlAttributeId.Type) ?? "text").Trim().ToLowerInvariant();
            if (type is "submit" or "button" or "image" or "reset")
            {
                return;
            }

            if (type == "password")
            {
                _form.HasPassword = true;
            }

            var name = GetAttribute(tag, HtmlAttributeId.Name) ?? GetAttribute(tag, HtmlAttributeId.Id) ?? type;
            _form.Fields.Add(name.Length > 40 ? name[..40] : name);
        }

        private void OnImage(HtmlTagToken tag)
        {
            AddResource(GetAttribute(tag, HtmlAttributeId.Src));
            if (_anchorHref is not null && GetAttribute(tag, HtmlAttributeId.Alt) is { Length: > 0 } alt)
            {
                _anchorImageAlt ??= alt;
            }
        }

        private void OnMeta(HtmlTagToken tag)
        {
            var equiv = GetAttribute(tag, HtmlAttributeId.HttpEquiv);
            var content = GetAttribute(tag, HtmlAttributeId.Content);
            if (equiv is null || content is null || !equiv.Trim().Equals("refresh", StringComparison.OrdinalIgnoreCase))
            {
                return;
            }

            var index = content.IndexOf("url=", StringComparison.OrdinalIgnoreCase);
            if (index >= 0)
            {
                AddResource(content[(index + 4)..].Trim().Trim('\'', '"'));
            }
        }

        private void AddResource(string? url)
        {
            if (!string.IsNullOrWhiteSpace(url) && !url.TrimStart().StartsWith("cid:", StringComparison.OrdinalIgnoreCase))
            {
                AddLink(url, string.Empty, linkSource == LinkSource.Attachment ? LinkSource.Attachment : LinkSource.HtmlResource);
            }
        }

        private void CloseAnchor()
        {
            if (_anchorHref is null)
            {
                return;
            }

            var text = _anchorText.ToString().Trim();
            if (text.Length == 0 && _anchorImageAlt is not null)
            {
                text = _anchorImageAlt.Trim();
            }

            AddLink(_anchorHref, text, linkSource);
            _anchorHref = null;
            _anchorImageAlt = null;
            _anchorText.Clear();
        }

        private void CloseForm()
        {
            if (_form is null)
            {
                return;
            }

            if (_forms.Count < MaxForms)
            {
                _forms.Add(new HtmlForm
                {
                    Action = _form.Action,
                    Method = _form.Method.Length == 0 ? "get" : _form.Method,
                    HasPasswordField = _form.HasPassword,
                    Fields = _form.Fields,
                    Location = location,
                });
            }

            _form = null;
        }

        private void AddLink(string url, string text, LinkSource source)
        {
            if (_links.Count < MaxLinks)
            {
                _links.Add(LinkFactory.Create(url, text, source == LinkSource.HtmlAnchor ? linkSource : source, location));
            }
        }

        private void NewLine()
        {
            if (_hiddenDepth == 0 && _invisibleDepth == 0 && _visible.Length > 0 && _visible[^1] != '\n' && _visible.Length < MaxTextLength)
            {
                if (_visible[^1] == ' ')
                {
                    _visible.Length--;
                }

                _visible.Append('\n');
            }
        }

        private static void AppendCollapsed(StringBuilder sb, string text)
        {
            foreach (var c in text)
            {
                if (sb.Length >= MaxTextLength)
                {
                    return;
                }

                if (char.IsWhiteSpace(c))
                {
                    if (sb.Length > 0 && sb[^1] is not ' ' and not '\n')
                    {
                        sb.Append(' ');
                    }
                }
                else
                {
                    sb.Append(c);
                }
            }
        }

        private static string? GetAttribute(HtmlTagToken tag, HtmlAttributeId id)
        {
            foreach (var attribute in tag.Attributes)
            {
                if (attribute.Id == id)
                {
                    return attribute.Value;
                }
            }

            return null;
        }

        private static bool HasEventHandler(HtmlTagToken tag)
        {
            foreach (var attribute in tag.Attributes)
            {
                if (attribute.Name.Length > 2 && attribute.Name.StartsWith("on", StringComparison.OrdinalIgnoreCase))
                {
                    return true;
                }
            }

            return false;
        }

        private static bool IsHidden(HtmlTagToken tag)
        {
            foreach (var attribute in tag.Attributes)
            {
                if (attribute.Name.Equals("hidden", StringComparison.OrdinalIgnoreCase))
                {
                    return true;
                }

                if (attribute.Id == HtmlAttributeId.Style && attribute.Value is { Length: > 0 } style && HidesContent(style))
                {
                    return true;
                }
            }

            return false;
        }

        private static bool HidesContent(string style)
        {
            Span<char> buffer = stackalloc char[Math.Min(style.Length, 512)];
            var n = 0;
            foreach (var c in style)
            {
                if (n == buffer.Length)
                {
                    break;
                }

                if (!char.IsWhiteSpace(c))
                {
                    buffer[n++] = char.ToLowerInvariant(c);
                }
            }

            var s = buffer[..n];
            return s.Contains("display:none", StringComparison.Ordinal) ||
                   s.Contains("visibility:hidden", StringComparison.Ordinal) ||
                   ContainsZero(s, "font-size:") ||
                   ContainsZero(s, "opacity:") ||
                   (ContainsZero(s, "max-height:") && s.Contains("overflow:hidden", StringComparison.Ordinal)) ||
                   (ContainsZero(s, "height:") && ContainsZero(s, "width:"));
        }

        private static bool ContainsZero(ReadOnlySpan<char> style, string property)
        {
            var index = style.IndexOf(property, StringComparison.Ordinal);
            while (index >= 0)
            {
                // Ignore matches inside longer names such as "line-height:" for "height:".
                var standsAlone = index == 0 || style[index - 1] is ';' or '{' or '"' or '\'';
                var value = style[(index + property.Length)..];
                if (standsAlone && value.Length > 0 && value[0] == '0' && (value.Length == 1 || !char.IsAsciiDigit(value[1]) && value[1] != '.'))
                {
                    return true;
                }

                var next = style[(index + 1)..].IndexOf(property, StringComparison.Ordinal);
                index = next < 0 ? -1 : index + 1 + next;
            }

            return false;
        }

        private static bool IsVoid(HtmlTagId id) => id is HtmlTagId.Br or HtmlTagId.Image or HtmlTagId.Input or HtmlTagId.Meta or HtmlTagId.Link or HtmlTagId.HR or HtmlTagId.Area or HtmlTagId.Base or HtmlTagId.Col or HtmlTagId.Embed or HtmlTagId.Param or HtmlTagId.Source or HtmlTagId.Track or HtmlTagId.Wbr;

        private static bool IsBlock(HtmlTagId id) => id is HtmlTagId.Br or HtmlTagId.P or HtmlTagId.Div or HtmlTagId.TR or HtmlTagId.LI or HtmlTagId.H1 or HtmlTagId.H2 or HtmlTagId.H3 or HtmlTagId.H4 or HtmlTagId.H5 or HtmlTagId.H6 or HtmlTagId.Table or HtmlTagId.BlockQuote or HtmlTagId.HR or HtmlTagId.UL or HtmlTagId.OL or HtmlTagId.TD or HtmlTagId.TH;

        private sealed class FormBuilder(string action, string method)
        {
            public string Action { get; } = action.Trim();

            public string Method { get; } = method;

            public bool HasPassword { get; set; }

            public List<string> Fields { get; } = [];
        }
    }
}
