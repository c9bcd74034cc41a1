using System.Collections.Frozen;
using System.Text;
using MimeKit.Text;
using SentiMail.Context;
using SentiMail.Text;

namespace SentiMail.Html;

/// <summary>
/// Turns HTML into the text a reader sees, with a real HTML5 tokenizer (MimeKit's), and collects links, forms and
/// hidden text in the same single pass.
/// </summary>
/// <remarks>
/// Visibility follows what browsers and mail clients do, not the markup as written: text written in the document head
/// is shown (the parser moves it into the body) while the content of <c>title</c>, <c>style</c> and <c>script</c> is
/// not; a <c>head</c> tag inside the body is ignored; <c>noscript</c> is shown (mail clients run no script); elements
/// are closed implicitly as the HTML5 parser closes them (a <c>p</c> by a block such as <c>div</c>, a cell by the next
/// cell...); text and elements misplaced in a table are moved before it; <c>display:none</c>, the <c>hidden</c>
/// attribute, zero opacity and a zero-size box that clips its overflow hide a whole subtree, while
/// <c>visibility</c> and a zero <c>font-size</c> are inherited and a descendant can undo them. The rules of
/// <c>&lt;style&gt;</c> elements with simple selectors (type, class, id) apply too, and so do the other ways
/// browsers hide text: elements hidden by default, text too small to read, transparent or in the color of its
/// background, boxes moved off the page, clipped or scaled to nothing (docs/architecture.md lists them).
/// </remarks>
public static class HtmlTextExtractor
{
    /// <summary>The most characters of visible or hidden text kept from one document. Characters that render as
    /// nothing do not count (see <c>ShownTextBuilder</c>): padding made of them cannot push the text after it out.</summary>
    public const int MaxTextLength = 512 * 1024;

    /// <summary>
    /// The most distinct anchors and form actions kept from one document. Repeats of a kept link (same address,
    /// same text) do not count; links past the budget are counted in <see cref="HtmlExtraction.OmittedLinks"/>.
    /// </summary>
    public const int MaxAnchorLinks = 2000;

    /// <summary>
    /// The most distinct resources (images, frames, embedded objects, meta refreshes) kept from one document, a budget
    /// apart from anchors' so that resources cannot crowd anchors out. Resources past it are counted in
    /// <see cref="HtmlExtraction.OmittedResources"/>.
    /// </summary>
    public const int MaxResourceLinks = 2000;

    /// <summary>The most characters of a link's text kept that a reader sees.</summary>
    private const int MaxAnchorTextLength = 1000;

    private const int MaxOpenElements = 256;
    private const int MaxForms = 100;
    private const int MaxNoScriptDepth = 8;

    private static readonly char[] s_fieldNameSeparators = ['_', '-', '.', '[', ']', ':', ' '];

    // Words that name a password field, in the languages the engine reads.
    private static readonly FrozenSet<string> s_passwordWords = FrozenSet.Create(
        StringComparer.Ordinal,
        "pass", "passwd", "password", "passwort", "passcode", "pwd", "pswd", "passw", "kennwort", "mdp", "motdepasse",
        "contrasena", "contraseña", "senha", "wachtwoord", "passord", "losenord", "salasana", "haslo", "hasło");

    // Start tags that close an open p element ("close a p element" of the HTML5 tree construction); table does only
    // outside quirks mode.
    private static readonly FrozenSet<string> s_closesParagraph = FrozenSet.Create(
        StringComparer.Ordinal,
        "address", "article", "aside", "blockquote", "center", "details", "dialog", "dir", "div", "dl", "fieldset",
        "figcaption", "figure", "footer", "header", "hgroup", "main", "menu", "nav", "ol", "p", "search", "section",
        "summary", "ul", "h1", "h2", "h3", "h4", "h5", "h6", "pre", "listing", "form", "plaintext", "hr", "xmp", "li",
        "dd", "dt");

    // The "special" elements of the HTML5 parser: an end tag of another element never closes them.
    private static readonly FrozenSet<string> s_special = FrozenSet.Create(
        StringComparer.Ordinal,
        "address", "applet", "area", "article", "aside", "base", "basefont", "bgsound", "blockquote", "body", "br",
        "button", "caption", "center", "col", "colgroup", "dd", "details", "dialog", "dir", "div", "dl", "dt", "embed",
        "fieldset", "figcaption", "figure", "footer", "form", "frame", "frameset", "h1", "h2", "h3", "h4", "h5", "h6",
        "head", "header", "hgroup", "hr", "html", "iframe", "img", "input", "keygen", "li", "link", "listing", "main",
        "marquee", "menu", "meta", "nav", "noembed", "noframes", "noscript", "object", "ol", "p", "param", "plaintext",
        "pre", "script", "search", "section", "select", "source", "style", "summary", "table", "tbody", "td",
        "template", "textarea", "tfoot", "th", "thead", "title", "tr", "track", "ul", "wbr", "xmp");

    // Elements MimeKit's tokenizer reads as raw text (or script data): in foreign content they hold markup.
    private static readonly FrozenSet<string> s_rawTextElements = FrozenSet.Create(
        StringComparer.Ordinal, "style", "script", "title", "textarea", "xmp", "iframe", "noembed", "noframes", "noscript", "plaintext");

    // Formatting elements: their end tag, with a special element opened inside, leaves that element open (adoption agency).
    private static readonly FrozenSet<string> s_formatting = FrozenSet.Create(
        StringComparer.Ordinal, "a", "b", "big", "code", "em", "font", "i", "nobr", "s", "small", "strike", "strong", "tt", "u");

    // Elements that end the default scope of the HTML5 parser (html is the bottom of the stack here).
    private static readonly FrozenSet<string> s_scopeBoundaries = FrozenSet.Create(
        StringComparer.Ordinal, "applet", "caption", "table", "td", "th", "marquee", "object", "template", "foreignobject", "desc", "mi", "mo", "mn", "ms", "mtext", "annotation-xml");

    // Elements laid out as blocks by default: a zero height or width with clipped overflow hides their content.
    private static readonly FrozenSet<string> s_blockBoxes = FrozenSet.Create(
        StringComparer.Ordinal,
        "address", "article", "aside", "blockquote", "center", "dd", "details", "dialog", "dir", "div", "dl", "dt",
        "fieldset", "figcaption", "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hgroup",
        "li", "main", "menu", "nav", "ol", "p", "pre", "search", "section", "summary", "ul", "listing", "xmp", "plaintext");

    private static readonly FrozenSet<string> s_blockDisplays = FrozenSet.Create(
        StringComparer.Ordinal, "block", "inline-block", "flex", "grid", "inline-flex", "inline-grid", "flow-root", "list-item");

    private static readonly FrozenSet<string> s_displayKeywords = FrozenSet.Create(
        StringComparer.Ordinal,
        "none", "block", "inline", "inline-block", "flex", "inline-flex", "grid", "inline-grid", "flow", "flow-root",
        "list-item", "table", "inline-table", "table-row", "table-cell", "table-row-group", "table-header-group",
        "table-footer-group", "table-column", "table-column-group", "table-caption", "contents", "run-in", "ruby",
        "ruby-base", "ruby-text", "ruby-base-container", "ruby-text-container", "math", "inherit", "initial", "unset",
        "revert", "revert-layer");

    private static readonly FrozenSet<string> s_absoluteFontSizes = FrozenSet.Create(
        StringComparer.Ordinal,
        "xx-small", "x-small", "small", "medium", "large", "x-large", "xx-large", "xxx-large", "initial", "math",
        "caption", "icon", "menu", "message-box", "small-caption", "status-bar");

    private static readonly FrozenSet<string> s_absoluteUnits = FrozenSet.Create(
        StringComparer.Ordinal,
        "px", "pt", "pc", "cm", "mm", "in", "q", "rem", "rlh", "vw", "vh", "vmin", "vmax", "vi", "vb", "svw", "svh",
        "lvw", "lvh", "dvw", "dvh", "cqw", "cqh", "cqi", "cqb", "cqmin", "cqmax");

    private static readonly FrozenSet<string> s_relativeUnits = FrozenSet.Create(
        StringComparer.Ordinal, "em", "ex", "ch", "%", "cap", "ic", "lh", "rex", "rch", "rcap", "ric");

    // Public identifiers of the doctypes that keep quirks mode (HTML5 "set the document to quirks mode"), by prefix.
    private static readonly string[] s_quirksPublicIds =
    [
        "-//w3c//dtd html 4.0 transitional//", "-//w3c//dtd html 4.0 frameset//", "-//w3c//dtd html 3", "-//w3c//dtd html 2",
        "-//w3c//dtd w3 html", "-//w3o//", "-//ietf//", "-//microsoft//", "-//netscape", "-//softquad", "-//sun microsystems",
        "-//webtechs//", "-//o'reilly", "-//spyglass", "-//metrius", "-//as//", "-//advasoft", "-//silmaril", "-//sq//",
        "+//silmaril", "-//w3c//dtd html experimental", "-//w3c//dtd html 4.01 transitional//", "-//w3c//dtd html 4.01 frameset//",
    ];

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

        var state = new State(location, linkSource, colorsKnown: true);
        Tokenize(html, state, 0);
        if (state.ColorsLearnedTooLate)
        {
            // Text was taken as painted in its background's color before a style sheet that may paint it otherwise
            // (a browser applies a style element wherever it stands): read again without that judgement.
            state = new State(location, linkSource, colorsKnown: false);
            Tokenize(html, state, 0);
        }

        return state.Finish();
    }

    private static void Tokenize(string html, State state, int depth)
    {
        using var reader = new StringReader(html);
        var tokenizer = new HtmlTokenizer(reader);
        // MimeKit tokenizes noscript as raw text, as a browser that runs script does. Mail clients run none and show
        // its content as markup, so that content is collected and tokenized again. Inside svg or math (foreign
        // content) a browser's tokenizer has no raw-text elements at all: what MimeKit reads as the raw text of a
        // style, script or title there is markup too (<svg><style><p>text</style> shows the text), so it is read
        // again the same way, without the element that would have made it invisible.
        StringBuilder? reread = null;
        var foreign = 0;
        while (tokenizer.ReadNextToken(out var token))
        {
            if (reread is not null)
            {
                if (token is HtmlDataToken raw)
                {
                    reread.Append(raw.Data);
                    continue;
                }

                FlushNoScript(reread.ToString(), state, depth);
                reread = null;
            }

            switch (token)
            {
                case HtmlTagToken { Name: var name } tag when foreign > 0 && !tag.IsEndTag && !tag.IsEmptyElement && s_rawTextElements.Contains(name.ToLowerInvariant()):
                    if (name.Equals("script", StringComparison.OrdinalIgnoreCase))
                    {
                        // An SVG script runs like any other: the message still has script.
                        state.NoteScript();
                    }

                    reread = new StringBuilder();
                    break;
                case HtmlTagToken tag:
                    state.OnTag(tag);
                    if (tag.Name.Equals("svg", StringComparison.OrdinalIgnoreCase) || tag.Name.Equals("math", StringComparison.OrdinalIgnoreCase))
                    {
                        foreign = tag.IsEndTag ? Math.Max(0, foreign - 1) : tag.IsEmptyElement ? foreign : foreign + 1;
                    }

                    if (tag is { Id: HtmlTagId.NoScript, IsEndTag: false, IsEmptyElement: false })
                    {
                        reread = new StringBuilder();
                    }

                    break;
                case HtmlDocTypeToken doctype:
                    state.OnDocType(doctype);
                    break;
                case HtmlDataToken data when token.Kind is HtmlTokenKind.Data or HtmlTokenKind.CData:
                    state.OnText(data.Data);
                    break;
                case HtmlDataToken script when token.Kind == HtmlTokenKind.ScriptData:
                    state.OnScriptData(script.Data);
                    break;
            }
        }

        if (reread is not null)
        {
            FlushNoScript(reread.ToString(), state, depth);
        }
    }

    private static void FlushNoScript(string content, State state, int depth)
    {
        if (content.Length == 0)
        {
            return;
        }

        if (depth < MaxNoScriptDepth)
        {
            Tokenize(content, state, depth + 1);
        }
        else
        {
            // Absurdly nested noscript: keep the words rather than lose them.
            state.OnText(content);
        }
    }

    /// <summary>How an element's own attributes and style act on its content: each setting inherits or sets.</summary>
    /// <remarks><see cref="Color"/> and <see cref="Backdrop"/> are <see cref="CssColor"/> encodings: the text color it
    /// sets and the background it paints, or <see cref="CssColor.None"/> to take the parent's.</remarks>
    private readonly record struct Declared(bool Invisible, bool HidesSubtree, Setting VisibilityHidden, Setting FontSizeZero, Setting ColorTransparent, int Color = CssColor.None, int Backdrop = CssColor.None, Setting RightToLeft = Setting.Inherit);

    /// <summary>How an element's content looks, from its own declarations and its ancestors'.</summary>
    /// <remarks><see cref="Color"/> and <see cref="Backdrop"/> are the text color and the background behind the text
    /// (<see cref="CssColor"/> encodings; <see cref="CssColor.None"/> for the document's default black on white).</remarks>
    private readonly record struct Look(bool Invisible, bool Removed, bool VisibilityHidden, bool FontSizeZero, bool ColorTransparent, int Color = CssColor.None, int Backdrop = CssColor.None, bool RightToLeft = false)
    {
        public bool Hidden => Removed || VisibilityHidden || FontSizeZero || ColorTransparent;

        /// <summary>Gets a value indicating whether the text is painted in (nearly) the color of its background.</summary>
        public bool ColorOfBackdrop => CssColor.Same(Color == CssColor.None ? CssColor.DefaultText : Color, Backdrop == CssColor.None ? CssColor.DefaultBackground : Backdrop);

        public Look Apply(Declared declared) => new(
            Invisible || declared.Invisible,
            Removed || declared.HidesSubtree,
            declared.VisibilityHidden == Setting.Inherit ? VisibilityHidden : declared.VisibilityHidden == Setting.On,
            declared.FontSizeZero == Setting.Inherit ? FontSizeZero : declared.FontSizeZero == Setting.On,
            declared.ColorTransparent == Setting.Inherit ? ColorTransparent : declared.ColorTransparent == Setting.On,
            declared.Color is CssColor.None or CssColor.Parent ? Color : declared.Color,
            declared.Backdrop is CssColor.None or CssColor.Parent ? Backdrop : declared.Backdrop,
            declared.RightToLeft == Setting.Inherit ? RightToLeft : declared.RightToLeft == Setting.On);
    }

    /// <summary>An open element: its name, declarations, look, and the text its <c>::after</c> rule adds at its end.</summary>
    private readonly record struct Element(string Name, Declared Declared, Look Look, (string Text, Look Look)? After = null);

    private enum Setting : byte
    {
        Inherit,
        On,
        Off,
    }

    /// <summary>The winning value of one CSS property: the last one, unless an earlier one is <c>!important</c>.</summary>
    private sealed class Slot
    {
        private bool _important;

        public string? Value { get; private set; }

        public void Set(string value, bool important)
        {
            if (important || !_important)
            {
                Value = value;
                _important = important;
            }
        }
    }

    private sealed class LinkBudget
    {
        public HashSet<(string Url, string Text, LinkSource Source)> Distinct { get; } = [];

        public int Kept { get; set; }

        public int Omitted { get; set; }
    }

    private sealed class State(string location, LinkSource linkSource, bool colorsKnown)
    {
        private readonly ShownTextBuilder _visible = new(MaxTextLength);
        private readonly ShownTextBuilder _hidden = new(MaxTextLength);
        private readonly List<Element> _open = [];
        private readonly List<(string Url, string Text, LinkSource Source)> _links = [];
        private readonly List<FormBuilder> _forms = [];
        private readonly List<(string FormId, FormControl Control)> _controlsOwnedById = [];
        private readonly ShownTextBuilder _anchorText = new(MaxAnchorTextLength);
        private readonly LinkBudget _anchorBudget = new();
        private readonly LinkBudget _resourceBudget = new();
        private readonly HashSet<string> _rootAttributes = [];
        private Look _root;
        private bool _quirks = true;
        private bool _sawDocType;
        private bool _started;
        private string? _anchorHref;
        private string? _anchorImageAlt;
        private string? _baseHref;
        private FormBuilder? _form;
        private bool _hasScript;
        private bool _hasBidiOverride;
        private readonly StyleSheet _styleSheet = new();
        private StringBuilder? _styleText;

        private bool _hidByColor;

        private Look Current => _open.Count > 0 ? _open[^1].Look : _root;

        /// <summary>Gets a value indicating whether text was taken as painted in the color of its background before a
        /// style sheet appeared that may paint it otherwise.</summary>
        public bool ColorsLearnedTooLate { get; private set; }

        public void OnDocType(HtmlDocTypeToken doctype)
        {
            if (_sawDocType || _started)
            {
                // A doctype after the document started is ignored by browsers.
                return;
            }

            _sawDocType = true;
            var publicId = (doctype.PublicIdentifier ?? string.Empty).Trim().ToLowerInvariant();
            var noSystemId = doctype.SystemIdentifier is null;
            _quirks = doctype.ForceQuirksMode
                || !string.Equals(doctype.Name, "html", StringComparison.OrdinalIgnoreCase)
                || s_quirksPublicIds.Any(p => publicId.StartsWith(p, StringComparison.Ordinal)
                    && (noSystemId || !p.StartsWith("-//w3c//dtd html 4.01", StringComparison.Ordinal)));
        }

        public void OnTag(HtmlTagToken tag)
        {
            var name = tag.Name.ToLowerInvariant();
            _started = true;
            FlushStyle();
            if (tag.IsEndTag)
            {
                OnEndTag(tag, name);
                return;
            }

            if (HasEventHandler(tag))
            {
                _hasScript = true;
            }

            CollectLinksAndForms(tag);
            switch (name)
            {
                case "head":
                    // A browser opens the head once, before the body, and ignores any later head tag; the head's own
                    // children (title, style, script...) are invisible by themselves, and anything else moves to the body.
                    return;
                case "html" or "body":
                    OnRootTag(tag, name);
                    return;
            }

            CloseImplicitly(name);
            if (IsBlock(tag.Id, name))
            {
                NewLine();
            }

            // Self-closing syntax means nothing on HTML elements: "<span/>" opens a span, as in a browser.
            if (IsVoid(tag.Id) || _open.Count >= MaxOpenElements)
            {
                return;
            }

            var declared = Declare(tag, name);
            var parent = IsFosterParented(name) ? FosterParentLook() : Current;
            var generated = _styleSheet.GeneratedContent(name, GetAttribute(tag, HtmlAttributeId.Id), GetAttribute(tag, HtmlAttributeId.Class));
            var look = parent.Apply(declared);
            _open.Add(new Element(name, declared, look, generated.After is null ? null : (generated.After, look.Apply(Declare("span", generated.AfterStyle, null, default)))));
            if (generated.Before is not null)
            {
                AppendText(generated.Before, look.Apply(Declare("span", generated.BeforeStyle, null, default)));
            }

            if (name == "style" && IsStyleSheetType(GetAttribute(tag, HtmlAttributeId.Type)) && !IsInert())
            {
                NoteStyleSheet();
                if (GetAttribute(tag, "media") is not { } media || StyleSheet.AppliesToEveryScreen(media))
                {
                    // Its rules apply to the elements after it (a style element placed after the text it styles is not
                    // followed).
                    _styleText = new StringBuilder();
                }
                else
                {
                    // Rules for some screens only, not read: on those they may paint any color.
                    _styleSheet.NoteUnreadRules();
                }
            }
        }

        /// <summary>Tells whether the current element is inside a template (inert) or in svg or math content, where a
        /// base or style element is not the document's.</summary>
        private static bool IsStyleSheetType(string? type) =>
            string.IsNullOrWhiteSpace(type) || type.Trim().Equals("text/css", StringComparison.OrdinalIgnoreCase);

        private bool IsInert() => _open.Exists(e => e.Name is "template" or "svg" or "math");

        private void FlushStyle()
        {
            if (_styleText is not null)
            {
                _styleSheet.Add(_styleText.ToString());
                _styleText = null;
            }
        }

        public void OnText(string text)
        {
            if (_styleText is not null)
            {
                if (_styleText.Length < StyleSheet.MaxStyleText)
                {
                    _styleText.Append(text);
                }

                return;
            }

            _started |= !string.IsNullOrWhiteSpace(text);
            var look = Current;
            if (_open.Count > 0 && IsTableContext(_open[^1].Name) && !string.IsNullOrWhiteSpace(text))
            {
                // Text directly inside a table (not in a cell) is moved before the table by the parser.
                look = FosterParentLook();
            }

            AppendText(text, look);
        }

        /// <summary>Adds text as it looks: dropped when invisible, to the hidden text when hidden, else shown.</summary>
        private void AppendText(string text, Look look)
        {
            if (look.Invisible)
            {
                return;
            }

            if (IsHidden(look))
            {
                _hidByColor |= !look.Hidden && !string.IsNullOrWhiteSpace(text);
                AppendCollapsed(_hidden, text);
                return;
            }

            AppendCollapsed(_visible, text);
            if (_anchorHref is not null && !_anchorText.IsFull)
            {
                AppendCollapsed(_anchorText, text);
            }
        }

        /// <summary>Tells whether text of this look is hidden: by how it is laid out, or painted in the color of its
        /// background, unless a style rule this reader does not follow may paint either otherwise.</summary>
        private bool IsHidden(Look look) => look.Hidden || IsHiddenByColor(look);

        private bool IsHiddenByColor(Look look) => colorsKnown && look.ColorOfBackdrop && !_styleSheet.ColorsUncertain;

        /// <summary>Notes a style sheet: one after text judged by its colors may have painted that text otherwise.</summary>
        private void NoteStyleSheet() => ColorsLearnedTooLate |= _hidByColor;

        public void NoteScript() => _hasScript = true;

        public void OnScriptData(string text)
        {
            if (text.Length > 0 && _open.Count > 0 && _open[^1].Name == "script")
            {
                _hasScript = true;
            }
        }

        public HtmlExtraction Finish()
        {
            FlushStyle();
            PopTo(0);
            CloseAnchor();
            CloseForm();

            // Every URL of the document is relative to the first <base href>, wherever it stands (a client resolves a
            // link when it is followed); a base that is no web address leaves them relative to the page, as browsers do.
            var baseUrl = _baseHref is not null && BrowserUrl.Resolve(_baseHref) is { Host: not null } b ? b : (BrowserUrl.Resolved?)null;
            var links = new List<MessageLink>(_links.Count);
            foreach (var (url, text, source) in _links)
            {
                links.Add(LinkFactory.Create(url, text, source, location, baseUrl));
            }

            // A control with a form attribute belongs to the first form of that id, wherever either stands.
            foreach (var (formId, control) in _controlsOwnedById)
            {
                if (_forms.Find(f => string.Equals(f.Id, formId, StringComparison.Ordinal)) is { } owner)
                {
                    owner.Add(control);
                }
            }

            var forms = new List<HtmlForm>(_forms.Count);
            foreach (var form in _forms)
            {
                forms.Add(new HtmlForm
                {
                    Action = form.Action.Length > 0 && BrowserUrl.Resolve(form.Action, baseUrl) is { Host: not null } action ? action.Href : form.Action,
                    Method = form.Method,
                    HasPasswordField = form.HasPassword,
                    Fields = form.Fields,
                    Location = location,
                });
            }

            return new HtmlExtraction
            {
                VisibleText = _visible.ToString().Trim(),
                HiddenText = _hidden.ToString().Trim(),
                Links = links,
                Forms = forms,
                HasScript = _hasScript,
                HasBidiOverride = _hasBidiOverride,
                OmittedLinks = _anchorBudget.Omitted,
                OmittedResources = _resourceBudget.Omitted,
            };
        }

        private void CollectLinksAndForms(HtmlTagToken tag)
        {
            switch (tag.Id)
            {
                case HtmlTagId.Link when GetAttribute(tag, "rel") is { } rel && rel.Contains("stylesheet", StringComparison.OrdinalIgnoreCase):
                    // A style sheet fetched from elsewhere (most mail clients do not) may paint any color.
                    NoteStyleSheet();
                    _styleSheet.NoteUnreadRules();
                    break;
                case HtmlTagId.A:
                    CloseAnchor();
                    // An SVG link may name its target with xlink:href alone.
                    _anchorHref = GetAttribute(tag, HtmlAttributeId.Href) ?? GetAttribute(tag, "xlink:href");
                    break;
                case HtmlTagId.Area:
                    // An image map's areas are links over parts of the picture; their alt text is all they say.
                    if (GetAttribute(tag, HtmlAttributeId.Href) is { } areaHref)
                    {
                        AddLink(areaHref, (GetAttribute(tag, HtmlAttributeId.Alt) ?? string.Empty).Trim(), linkSource, resource: false);
                    }

                    break;
                case HtmlTagId.Base when !IsInert():
                    _baseHref ??= GetAttribute(tag, HtmlAttributeId.Href) is { } baseHref && baseHref.Length > LinkFactory.MaxUrlLength
                        ? baseHref[..LinkFactory.MaxUrlLength]
                        : GetAttribute(tag, HtmlAttributeId.Href);
                    break;
                case HtmlTagId.Form:
                    CloseForm();
                    _form = new FormBuilder(
                        GetAttribute(tag, HtmlAttributeId.Id),
                        GetAttribute(tag, HtmlAttributeId.Action) ?? string.Empty,
                        FormMethod(GetAttribute(tag, HtmlAttributeId.Method)) ?? "get");
                    if (_form.Action.Length > 0)
                    {
                        AddLink(_form.Action, string.Empty, LinkSource.HtmlForm, resource: false);
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
        }

        private void OnRootTag(HtmlTagToken tag, string name)
        {
            // A later html or body tag adds the attributes the element does not have yet, as in a browser. The
            // elements already open keep how they looked: this can only leave more text visible, never less.
            // The style sheet's rules for the element apply at its first tag, before its own style.
            var rules = _rootAttributes.Add(name + ":rules") ? _styleSheet.Apply(name, GetAttribute(tag, HtmlAttributeId.Id), GetAttribute(tag, HtmlAttributeId.Class), null) : null;
            var style = GetAttribute(tag, HtmlAttributeId.Style);
            var hidden = GetAttribute(tag, "hidden");
            var newStyle = style is not null && _rootAttributes.Add(name + ":style");
            style = rules is null ? (newStyle ? style : null) : newStyle ? string.Concat(rules, ";", style) : rules;
            newStyle = style is not null;
            var newHidden = hidden is not null && _rootAttributes.Add(name + ":hidden");
            // The body's text, bgcolor and background attributes color the whole page.
            var text = name == "body" && GetAttribute(tag, "text") is { } t && _rootAttributes.Add("body:text") ? CssColor.ParseAttribute(t) : CssColor.None;
            var backdrop = name == "body" ? AttributeBackdrop(tag, "body") : CssColor.None;
            var direction = GetAttribute(tag, "dir") is not null && _rootAttributes.Add(name + ":dir") ? Direction(tag) : Setting.Inherit;
            if (newStyle || newHidden || text != CssColor.None || backdrop != CssColor.None || direction != Setting.Inherit)
            {
                _root = _root.Apply(Declare(name, newStyle ? style : null, newHidden ? hidden : null, ownLook: new OwnLook(false, false, false, direction, text, backdrop)));
            }
        }

        private void OnEndTag(HtmlTagToken tag, string name)
        {
            if (_open.Count > 0 && _open[^1] is { After: { } after } top && top.Name == name)
            {
                // The ::after text of the element this tag closes comes before the line the block ends.
                _open[^1] = top with { After = null };
                AppendText(after.Text, after.Look);
            }

            if (tag.Id == HtmlTagId.A)
            {
                CloseAnchor();
            }
            else if (tag.Id == HtmlTagId.Form)
            {
                CloseForm();
            }

            if (IsBlock(tag.Id, name))
            {
                NewLine();
            }

            switch (name)
            {
                case "head" or "html" or "body":
                    // Text after </head>, </body> or </html> still goes into the body, inside whatever is open.
                    return;
                case "p":
                    CloseIfInScope("p", ButtonScope);
                    return;
                case "li":
                    CloseIfInScope("li", ListItemScope);
                    return;
                case "td" or "th" or "tr" or "tbody" or "thead" or "tfoot" or "table" or "caption":
                    CloseIfInScope(name, TableScope);
                    return;
            }

            if (s_formatting.Contains(name))
            {
                CloseFormatting(name);
            }
            else if (s_special.Contains(name))
            {
                CloseIfInScope(name, DefaultScope);
            }
            else
            {
                // Any other end tag closes the nearest open element of its name, unless a special element (div,
                // p, td...) is open inside it: then the end tag is ignored.
                for (var i = _open.Count - 1; i >= 0; i--)
                {
                    if (_open[i].Name == name)
                    {
                        PopTo(i);
                        return;
                    }

                    if (s_special.Contains(_open[i].Name))
                    {
                        return;
                    }
                }
            }
        }

        /// <summary>Closes what the HTML5 parser closes before inserting a start tag.</summary>
        private void CloseImplicitly(string name)
        {
            switch (name)
            {
                case "li":
                    CloseListItem(static n => n == "li");
                    break;
                case "dd" or "dt":
                    CloseListItem(static n => n is "dd" or "dt");
                    break;
                case "td" or "th":
                    CloseCell();
                    return;
                case "tr":
                    CloseCell();
                    CloseIfInScope("tr", TableScope);
                    return;
                case "tbody" or "thead" or "tfoot":
                    CloseCell();
                    CloseIfInScope("tr", TableScope);
                    if (FindInScope(n => n is "tbody" or "thead" or "tfoot", TableScope) is { } section)
                    {
                        PopTo(section);
                    }

                    return;
                case "table":
                    if (_open.Count > 0 && IsTableContext(_open[^1].Name))
                    {
                        // A table directly inside a table (not in a cell) closes it.
                        CloseIfInScope("table", TableScope);
                        return;
                    }

                    break;
                case "option" or "optgroup":
                    if (_open.Count > 0 && _open[^1].Name == "option")
                    {
                        PopTo(_open.Count - 1);
                    }

                    if (name == "optgroup" && _open.Count > 0 && _open[^1].Name == "optgroup")
                    {
                        PopTo(_open.Count - 1);
                    }

                    return;
                case "a":
                    // A new anchor closes an open one, as the adoption agency does.
                    if (FindInScope(static n => n == "a", DefaultScope) is not null)
                    {
                        CloseFormatting("a");
                    }

                    return;
            }

            if (s_closesParagraph.Contains(name) || (name == "table" && !_quirks))
            {
                CloseIfInScope("p", ButtonScope);
            }

            if (name is "h1" or "h2" or "h3" or "h4" or "h5" or "h6" && _open.Count > 0 && _open[^1].Name is "h1" or "h2" or "h3" or "h4" or "h5" or "h6")
            {
                PopTo(_open.Count - 1);
            }
        }

        private void CloseListItem(Func<string, bool> matches)
        {
            for (var i = _open.Count - 1; i >= 0; i--)
            {
                var open = _open[i].Name;
                if (matches(open))
                {
                    PopTo(i);
                    return;
                }

                if (s_special.Contains(open) && open is not "address" and not "div" and not "p")
                {
                    return;
                }
            }
        }

        private void CloseCell()
        {
            if (FindInScope(static n => n is "td" or "th", TableScope) is { } cell)
            {
                PopTo(cell);
            }
        }

        private void CloseIfInScope(string name, Func<string, bool> boundary)
        {
            if (FindInScope(n => n == name, boundary) is { } index)
            {
                PopTo(index);
            }
        }

        private int? FindInScope(Func<string, bool> matches, Func<string, bool> boundary)
        {
            for (var i = _open.Count - 1; i >= 0; i--)
            {
                var name = _open[i].Name;
                if (matches(name))
                {
                    return i;
                }

                if (boundary(name))
                {
                    return null;
                }
            }

            return null;
        }

        /// <summary>
        /// The end of a formatting element (b, font, a...), after the adoption agency algorithm: with no special element
        /// open inside it, it closes like any element; otherwise the first special element inside it (the "furthest
        /// block") and what it holds stay open but move out of it, keeping only the formatting elements in between.
        /// </summary>
        private void CloseFormatting(string name)
        {
            if (FindInScope(n => n == name, DefaultScope) is not { } index)
            {
                return;
            }

            var furthest = -1;
            for (var i = index + 1; i < _open.Count; i++)
            {
                if (s_special.Contains(_open[i].Name))
                {
                    furthest = i;
                    break;
                }
            }

            if (furthest < 0)
            {
                PopTo(index);
                return;
            }

            var kept = new List<Element>(_open.Count - index);
            for (var i = index + 1; i < _open.Count; i++)
            {
                if (i >= furthest || s_formatting.Contains(_open[i].Name))
                {
                    kept.Add(_open[i]);
                }
            }

            _open.RemoveRange(index, _open.Count - index);
            foreach (var element in kept)
            {
                _open.Add(element with { Look = Current.Apply(element.Declared) });
            }
        }

        /// <summary>Closes the open elements from the top down to <paramref name="index"/>, each adding the text of its
        /// <c>::after</c> rule.</summary>
        private void PopTo(int index)
        {
            for (var i = _open.Count - 1; i >= index; i--)
            {
                var element = _open[i];
                _open.RemoveAt(i);
                if (element.After is { } after)
                {
                    AppendText(after.Text, after.Look);
                }
            }
        }

        private bool IsFosterParented(string name) =>
            _open.Count > 0 && IsTableContext(_open[^1].Name) &&
            name is not ("caption" or "colgroup" or "col" or "tbody" or "thead" or "tfoot" or "tr" or "td" or "th" or "table" or "style" or "script" or "template" or "input" or "form");

        private Look FosterParentLook()
        {
            for (var i = _open.Count - 1; i >= 0; i--)
            {
                if (_open[i].Name == "table")
                {
                    return i > 0 ? _open[i - 1].Look : _root;
                }
            }

            return Current;
        }

        private static bool IsTableContext(string name) => name is "table" or "tbody" or "thead" or "tfoot" or "tr";

        private static bool DefaultScope(string name) => s_scopeBoundaries.Contains(name);

        private static bool ButtonScope(string name) => name == "button" || s_scopeBoundaries.Contains(name);

        private static bool ListItemScope(string name) => name is "ol" or "ul" || s_scopeBoundaries.Contains(name);

        private static bool TableScope(string name) => name is "table" or "template";

        /// <summary>Reads a form control: a field (input, select, textarea) or a submit button, whose formaction and
        /// formmethod, on the form's first, decide where the form sends what is typed.</summary>
        private void OnInput(HtmlTagToken tag)
        {
            var type = (GetAttribute(tag, HtmlAttributeId.Type) ?? string.Empty).Trim().ToLowerInvariant();
            var submits = tag.Id == HtmlTagId.Button ? type is not ("button" or "reset") : tag.Id == HtmlTagId.Input && type is "submit" or "image";
            var isField = tag.Id != HtmlTagId.Button && !submits && type is not ("button" or "reset");
            var formAction = submits ? GetAttribute(tag, "formaction") : null;
            if (!string.IsNullOrWhiteSpace(formAction))
            {
                AddLink(formAction, string.Empty, LinkSource.HtmlForm, resource: false);
            }

            string? field = null;
            if (isField)
            {
                field = GetAttribute(tag, HtmlAttributeId.Name) ?? GetAttribute(tag, HtmlAttributeId.Id) ?? (type.Length > 0 ? type : "text");
                field = field.Length > 40 ? field[..40] : field;
            }

            var control = new FormControl(
                field,
                field is not null && IsPasswordField(tag, type, field),
                submits,
                string.IsNullOrWhiteSpace(formAction) ? null : formAction.Trim(),
                submits ? FormMethod(GetAttribute(tag, "formmethod")) : null);
            if (GetAttribute(tag, "form") is { } formId)
            {
                // Owned by the form of that id, wherever it stands, and by no other (not even the one around it).
                if (_controlsOwnedById.Count < MaxForms * FormBuilder.MaxFields)
                {
                    _controlsOwnedById.Add((formId, control));
                }

                return;
            }

            _form?.Add(control);
        }

        /// <summary>Tells whether a field takes a password: by its type, by a style that masks what is typed
        /// (<c>-webkit-text-security</c>, in its own style or, for a text field, in any rule of the document's style
        /// sheets, followed or not: mail has no other use for it) or by a name that says so (<c>password</c>,
        /// <c>pwd</c>, <c>mot_de_passe</c>...).</summary>
        private bool IsPasswordField(HtmlTagToken tag, string type, string name)
        {
            if (type == "password")
            {
                return true;
            }

            if ((GetAttribute(tag, HtmlAttributeId.Style) is { } style && StyleSheet.MasksText(style))
                || (_styleSheet.MasksTypedText && tag.Id == HtmlTagId.Input && type is "" or "text"))
            {
                return true;
            }

            foreach (var part in name.ToLowerInvariant().Split(s_fieldNameSeparators, StringSplitOptions.RemoveEmptyEntries))
            {
                if (s_passwordWords.Contains(part))
                {
                    return true;
                }
            }

            return s_passwordWords.Contains(new string([.. name.ToLowerInvariant().Where(char.IsLetter)]));
        }

        /// <summary>Returns a form method as browsers read it (get, post or dialog), or <see langword="null"/> when the
        /// value is none of them (a form then uses get; a button's formmethod then leaves the form's).</summary>
        private static string? FormMethod(string? value) =>
            value?.Trim().ToLowerInvariant() is { } m && m is "get" or "post" or "dialog" ? m : null;

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
                AddLink(url, string.Empty, linkSource == LinkSource.Attachment ? LinkSource.Attachment : LinkSource.HtmlResource, resource: true);
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

            AddLink(_anchorHref, text, linkSource, resource: false);
            _anchorHref = null;
            _anchorImageAlt = null;
            _anchorText.Clear();
        }

        private void CloseForm()
        {
            if (_form is not null && _forms.Count < MaxForms)
            {
                _forms.Add(_form);
            }

            _form = null;
        }

        /// <summary>
        /// Keeps a link within its budget: a repeat of a kept link is kept while the budget has room (so that short
        /// documents keep every link, repeats included) and dropped after, losing nothing; a new link past
        /// the budget is counted as omitted, never dropped silently.
        /// </summary>
        private void AddLink(string url, string text, LinkSource source, bool resource)
        {
            var budget = resource ? _resourceBudget : _anchorBudget;
            var max = resource ? MaxResourceLinks : MaxAnchorLinks;
            var key = (url, text, source);
            if (budget.Distinct.Contains(key))
            {
                if (budget.Kept < max)
                {
                    budget.Kept++;
                    _links.Add(key);
                }

                return;
            }

            if (budget.Distinct.Count >= max)
            {
                budget.Omitted++;
                return;
            }

            budget.Distinct.Add(key);
            budget.Kept++;
            _links.Add(key);
        }

        private void NewLine()
        {
            var look = Current;
            if (!IsHidden(look) && !look.Invisible && _visible.Length > 0 && _visible.Last != '\n' && !_visible.IsFull)
            {
                if (_visible.Last == ' ')
                {
                    _visible.RemoveLast();
                }

                _visible.Append('\n');
            }
        }

        private static void AppendCollapsed(ShownTextBuilder sb, string text)
        {
            // Runs without white space are copied at once; white space collapses into one space, as a browser shows it.
            var span = text.AsSpan();
            var start = 0;
            for (var i = 0; i <= span.Length && !sb.IsFull; i++)
            {
                var c = i < span.Length ? span[i] : ' ';
                if (!char.IsWhiteSpace(c) && c != '\0')
                {
                    continue;
                }

                sb.Append(span[start..i]);
                start = i + 1;
                if (i < span.Length && c != '\0' && sb.Length > 0 && sb.Last is not ' ' and not '\n')
                {
                    // (Browsers drop U+0000 from text: kept, it would split the words a reader sees.)
                    sb.Append(' ');
                }
            }
        }

        private static string? GetAttribute(HtmlTagToken tag, HtmlAttributeId id)
        {
            // The first of repeated attributes counts, as in a browser.
            foreach (var attribute in tag.Attributes)
            {
                if (attribute.Id == id)
                {
                    return attribute.Value;
                }
            }

            return null;
        }

        private static string? GetAttribute(HtmlTagToken tag, string name)
        {
            foreach (var attribute in tag.Attributes)
            {
                if (attribute.Name.Equals(name, StringComparison.OrdinalIgnoreCase))
                {
                    return attribute.Value ?? string.Empty;
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

        private Declared Declare(HtmlTagToken tag, string name)
        {
            var style = _styleSheet.Apply(name, GetAttribute(tag, HtmlAttributeId.Id), GetAttribute(tag, HtmlAttributeId.Class), GetAttribute(tag, HtmlAttributeId.Style));
            var ownLook = new OwnLook(
                FontSize: (name == "font" && GetAttribute(tag, HtmlAttributeId.Size) is { } size && size.Any(char.IsAsciiDigit))
                    || name is "textarea" or "button" or "select" or "input" || (_quirks && name == "table"),
                Color: (name == "font" && GetAttribute(tag, HtmlAttributeId.Color) is not null) || (name == "a" && GetAttribute(tag, HtmlAttributeId.Href) is not null),
                HiddenByDefault: name is "rp" or "datalist" or "noembed" or "noframes" || (name == "dialog" && GetAttribute(tag, "open") is null),
                RightToLeft: Direction(tag),
                TextColor: name == "font" ? CssColor.ParseAttribute(GetAttribute(tag, HtmlAttributeId.Color))
                    : name == "a" && GetAttribute(tag, HtmlAttributeId.Href) is not null ? CssColor.Unknown : CssColor.None,
                Backdrop: AttributeBackdrop(tag, name));
            var declared = Declare(name, style, GetAttribute(tag, "hidden"), ownLook);
            if (_styleSheet.ColorMayChange(name, GetAttribute(tag, HtmlAttributeId.Id), GetAttribute(tag, HtmlAttributeId.Class)))
            {
                // A rule the extractor does not follow may paint this element: its colors are unknown.
                declared = declared with { Color = CssColor.Unknown, Backdrop = CssColor.Unknown };
            }

            if (name == "svg" && (style is null || !style.Contains("width", StringComparison.OrdinalIgnoreCase) && !style.Contains("height", StringComparison.OrdinalIgnoreCase))
                && (IsZeroAttribute(GetAttribute(tag, HtmlAttributeId.Width)) || IsZeroAttribute(GetAttribute(tag, HtmlAttributeId.Height))))
            {
                // A drawing of no width or height shows none of its text.
                declared = declared with { HidesSubtree = true };
            }

            // The direction is the element's own (its style, else its dir attribute) or its parent's; a bdo overrides
            // the text's order in it, as unicode-bidi: bidi-override does.
            // dir="auto" takes the direction of the first strong character, which a hidden right-to-left letter can
            // set: an override under it counts too.
            var rightToLeft = (declared.RightToLeft == Setting.Inherit ? Current.RightToLeft : declared.RightToLeft == Setting.On)
                || (declared.RightToLeft == Setting.Inherit && GetAttribute(tag, "dir")?.Trim().Equals("auto", StringComparison.OrdinalIgnoreCase) == true);
            if ((name == "bdo" && rightToLeft) || (style is not null && rightToLeft && CssDeclarations.OverridesBidi(style)))
            {
                // Text laid out backwards by markup ("lapyaP" shown as "PayPal"), as U+202E does in plain text.
                _hasBidiOverride = true;
            }

            return declared;
        }

        /// <summary>
        /// How an element looks before any style: a size or color of its own (<c>&lt;font size&gt;</c>, form controls
        /// and, in quirks mode, tables set a font size; <c>&lt;font color&gt;</c> and links a color), hidden by the
        /// browser's own style sheet (<c>rp</c>, <c>datalist</c>, <c>noembed</c>, <c>noframes</c>, a closed
        /// <c>dialog</c>), and a right-to-left direction.
        /// </summary>
        /// <remarks><see cref="TextColor"/> and <see cref="Backdrop"/> are what its attributes paint (<c>&lt;font
        /// color&gt;</c>, a link's own color, which this reader does not know; <c>bgcolor</c>, a <c>background</c>
        /// image), as <see cref="CssColor"/> encodings.</remarks>
        private readonly record struct OwnLook(bool FontSize, bool Color, bool HiddenByDefault, Setting RightToLeft, int TextColor = CssColor.None, int Backdrop = CssColor.None);

        /// <summary>Reads the <c>dir</c> attribute: right-to-left, left-to-right, or the parent's (none, <c>auto</c>,
        /// which follows the text).</summary>
        private static Setting Direction(HtmlTagToken tag) =>
            GetAttribute(tag, "dir")?.Trim().ToLowerInvariant() switch { "rtl" => Setting.On, "ltr" => Setting.Off, _ => Setting.Inherit };

        /// <summary>Reads what the <c>bgcolor</c> and <c>background</c> attributes of a body or table element paint
        /// (each attribute of the body once, as a later body tag only adds attributes).</summary>
        private int AttributeBackdrop(HtmlTagToken tag, string name)
        {
            if (name is not ("body" or "table" or "tbody" or "thead" or "tfoot" or "tr" or "td" or "th"))
            {
                return CssColor.None;
            }

            var image = GetAttribute(tag, "background");
            var color = GetAttribute(tag, "bgcolor");
            if (name == "body")
            {
                image = image is not null && _rootAttributes.Add("body:background") ? image : null;
                color = color is not null && _rootAttributes.Add("body:bgcolor") ? color : null;
            }

            return !string.IsNullOrWhiteSpace(image) ? CssColor.Unknown : CssColor.ParseAttribute(color);
        }

        private static bool IsZeroAttribute(string? value) =>
            value?.Trim() is { Length: > 0 } text && (text.EndsWith("px", StringComparison.OrdinalIgnoreCase) ? text[..^2] : text) is var number
            && number.All(c => char.IsAsciiDigit(c) || c == '.')
            && double.TryParse(number, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var size) && size == 0;

        private static Declared Declare(string name, string? style, string? hidden, OwnLook ownLook)
        {
            var css = style is null ? default : CssDeclarations.Parse(style);
            var display = css.Display;
            var blockBox = display is null ? s_blockBoxes.Contains(name) : s_blockDisplays.Contains(display);
            // The hidden attribute is the user agent's display:none, which the author's display overrides
            // (but not hidden="until-found", which hides with content-visibility); so is the user agent's own style
            // sheet hiding rp, datalist, noembed, noframes and a closed dialog. An iframe's content is never shown.
            var hiddenAttribute = hidden is not null && (display is null || hidden.Trim().Equals("until-found", StringComparison.OrdinalIgnoreCase));
            var hidesSubtree = display == "none" || hiddenAttribute || (ownLook.HiddenByDefault && display is null) || css.OpacityZero
                || (css.Clipped && css.ZeroBox && blockBox) || css.OffScreen || (css.ClippedAway && css.Positioned) || css.ClippedPathAway
                || (blockBox && css.ScaledAway) || name is "template" or "iframe";
            var fontSize = css.FontSizeZero == Setting.Inherit && ownLook.FontSize ? Setting.Off : css.FontSizeZero;
            var color = css.ColorTransparent == Setting.Inherit && ownLook.Color ? Setting.Off : css.ColorTransparent;
            // An author's style beats the presentational attributes (bgcolor, <font color>). Text that may leave the
            // box behind it (moved, overflowing a box of fixed height, a caption beside its table's background) is on
            // a backdrop this reader does not know.
            var backdrop = css.Backdrop != CssColor.None ? css.Backdrop : ownLook.Backdrop;
            if (css.MovesText
                || (backdrop > CssColor.None && css.HeightBound && name is not ("td" or "th" or "tr" or "table" or "tbody" or "thead" or "tfoot"))
                || (name == "caption" && backdrop is CssColor.None or CssColor.Parent))
            {
                backdrop = CssColor.Unknown;
            }

            return new Declared(name is "script" or "style" or "title", hidesSubtree, css.VisibilityHidden, fontSize, color,
                css.TextColor != CssColor.None ? css.TextColor : ownLook.TextColor,
                backdrop,
                css.RightToLeft != Setting.Inherit ? css.RightToLeft : ownLook.RightToLeft);
        }

        private static bool IsVoid(HtmlTagId id) => id is HtmlTagId.Br or HtmlTagId.Image or HtmlTagId.Input or HtmlTagId.Meta or HtmlTagId.Link or HtmlTagId.HR or HtmlTagId.Area or HtmlTagId.Base or HtmlTagId.Col or HtmlTagId.Embed or HtmlTagId.Param or HtmlTagId.Source or HtmlTagId.Track or HtmlTagId.Wbr;

        /// <summary>Tells whether an element starts on a line of its own (a block box, a line break, a table part):
        /// words on either side of it are not one word.</summary>
        private static bool IsBlock(HtmlTagId id, string name) =>
            id is HtmlTagId.Br or HtmlTagId.HR or HtmlTagId.TR or HtmlTagId.TD or HtmlTagId.TH or HtmlTagId.Table
            || s_blockBoxes.Contains(name) || name is "caption" or "legend" or "option" or "optgroup" or "tbody" or "thead" or "tfoot";

        private sealed class FormBuilder(string? id, string action, string method)
        {
            public const int MaxFields = 20;

            private bool _hasDefaultButton;

            public string? Id { get; } = id;

            public string Action { get; private set; } = action.Trim();

            public string Method { get; private set; } = method;

            public bool HasPassword { get; private set; }

            public List<string> Fields { get; } = [];

            public void Add(FormControl control)
            {
                HasPassword |= control.Password;
                if (control.Field is { } field && Fields.Count < MaxFields)
                {
                    Fields.Add(field);
                }

                if (control.Submits && !_hasDefaultButton)
                {
                    // The first submit button is the one Enter presses: its formaction and formmethod win.
                    _hasDefaultButton = true;
                    // (A fragment, "#", submits to the page itself: the form's action still says where it goes.)
                    Action = control.FormAction is { } formAction && !formAction.StartsWith('#') ? formAction : Action;
                    Method = control.FormMethod ?? Method;
                }
            }
        }

        private sealed record FormControl(string? Field, bool Password, bool Submits, string? FormAction, string? FormMethod);
    }

    /// <summary>
    /// The declarations of a style attribute that hide text, each property taking its last valid value (an
    /// <c>!important</c> one beats later ordinary ones), as the CSS cascade does.
    /// </summary>
    private readonly record struct CssDeclarations(
        string? Display, Setting VisibilityHidden, Setting FontSizeZero, bool OpacityZero, bool ZeroBox, bool Clipped,
        Setting ColorTransparent, bool Positioned, bool OffScreen, bool ClippedAway, bool ClippedPathAway, bool ScaledAway,
        int TextColor = CssColor.None, int Backdrop = CssColor.None, Setting RightToLeft = Setting.Inherit,
        bool MovesText = false, bool HeightBound = false)
    {
        /// <summary>How far off the page (in CSS pixels) a box must be moved for its text to count as hidden.</summary>
        private const double OffScreenDistance = 999;

        /// <summary>Tells whether declarations override the order of the text (<c>unicode-bidi: bidi-override</c> or
        /// <c>isolate-override</c>), which lays it out backwards in a right-to-left element.</summary>
        public static bool OverridesBidi(string style)
        {
            var text = style.ToLowerInvariant();
            if (!text.Contains("unicode-bidi", StringComparison.Ordinal))
            {
                return false;
            }

            Slot bidi = new();
            foreach (var (property, value, important) in Declarations(text))
            {
                if (property == "unicode-bidi")
                {
                    bidi.Set(value, important);
                }
            }

            return bidi.Value is "bidi-override" or "isolate-override";
        }

        /// <summary>Yields the declarations of a lowercase style text: property, value and whether it is important.</summary>
        private static IEnumerable<(string Property, string Value, bool Important)> Declarations(string text)
        {
            foreach (var declaration in SplitDeclarations(CssText.StripComments(text)))
            {
                var colon = declaration.IndexOf(':', StringComparison.Ordinal);
                if (colon <= 0)
                {
                    continue;
                }

                var property = declaration[..colon].Trim();
                var value = declaration[(colon + 1)..].Trim();
                var important = value.EndsWith("important", StringComparison.Ordinal) && value.LastIndexOf('!') is var bang and >= 0
                    && value[(bang + 1)..].Trim() == "important";
                if (important)
                {
                    value = value[..value.LastIndexOf('!')].Trim();
                }

                if (value.Length > 0)
                {
                    yield return (property, value, important);
                }
            }
        }

        public static CssDeclarations Parse(string style)
        {
            var text = style.ToLowerInvariant();
            Slot display = new(), visibility = new(), fontSize = new(), opacity = new(), height = new(), maxHeight = new(),
                width = new(), maxWidth = new(), overflow = new(), overflowX = new(), overflowY = new(), color = new(),
                position = new(), left = new(), top = new(), right = new(), bottom = new(), marginLeft = new(), marginTop = new(),
                transform = new(), clip = new(), clipPath = new(), fillColor = new(), textShadow = new(), textStroke = new(),
                backgroundColor = new(), backgroundImage = new(), direction = new();
            var boxKeptOpen = false;
            foreach (var (property, value, important) in Declarations(text))
            {
                switch (property)
                {
                    case "color" when ParseColor(value) is not null:
                        color.Set(value, important);
                        break;
                    case "position":
                        position.Set(value, important);
                        break;
                    case "left":
                        left.Set(value, important);
                        break;
                    case "top":
                        top.Set(value, important);
                        break;
                    case "right":
                        right.Set(value, important);
                        break;
                    case "bottom":
                        bottom.Set(value, important);
                        break;
                    case "margin-left" or "margin-inline-start":
                        marginLeft.Set(value, important);
                        break;
                    case "margin-top" or "margin-block-start":
                        marginTop.Set(value, important);
                        break;
                    case "margin":
                        // One to four values: top, right, bottom, left.
                        var margins = value.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                        marginTop.Set(margins[0], important);
                        marginLeft.Set(margins.Length == 4 ? margins[3] : margins.Length > 1 ? margins[1] : margins[0], important);
                        break;
                    case "transform":
                        transform.Set(value, important);
                        break;
                    case "-webkit-text-fill-color":
                        fillColor.Set(value, important);
                        break;
                    case "background-color":
                        backgroundColor.Set(value, important);
                        break;
                    case "direction" when value is "rtl" or "ltr":
                        direction.Set(value, important);
                        break;
                    case "background-image":
                        backgroundImage.Set(value, important);
                        break;
                    case "background":
                        var (layerColor, layerImage) = CssColor.SplitBackground(value);
                        backgroundColor.Set(layerColor, important);
                        backgroundImage.Set(layerImage, important);
                        break;
                    case "text-shadow":
                        textShadow.Set(value, important);
                        break;
                    case "-webkit-text-stroke" or "-webkit-text-stroke-width":
                        textStroke.Set(value, important);
                        break;
                    case "clip":
                        clip.Set(value, important);
                        break;
                    case "clip-path":
                        clipPath.Set(value, important);
                        break;
                    case "display" when IsDisplayValue(value):
                        display.Set(value, important);
                        break;
                    case "visibility" when ParseVisibility(value) is not null:
                        visibility.Set(value, important);
                        break;
                    case "font-size" when ParseFontSize(value) is not null:
                        fontSize.Set(value, important);
                        break;
                    case "font" when FontShorthandSize(value) is { } size:
                        fontSize.Set(size, important);
                        break;
                    case "opacity":
                        opacity.Set(value, important);
                        break;
                    case "height":
                        height.Set(value, important);
                        break;
                    case "max-height":
                        maxHeight.Set(value, important);
                        break;
                    case "width":
                        width.Set(value, important);
                        break;
                    case "max-width":
                        maxWidth.Set(value, important);
                        break;
                    case "overflow":
                        overflow.Set(value, important);
                        break;
                    case "overflow-x":
                        overflowX.Set(value, important);
                        break;
                    case "overflow-y":
                        overflowY.Set(value, important);
                        break;
                    case "min-height" or "min-width" or "padding" or "padding-top" or "padding-bottom" or "padding-left"
                        or "padding-right" or "padding-block" or "padding-inline" or "overflow-clip-margin":
                        // A minimum size, padding or a clip margin leaves room for the text a zero height or width
                        // would clip away.
                        boxKeptOpen |= value.Split(' ', StringSplitOptions.RemoveEmptyEntries).Any(v => !IsZeroLength(v));
                        break;
                }
            }

            var positioned = position.Value is "absolute" or "fixed";
            var moved = positioned || position.Value == "relative";
            return new CssDeclarations(
                display.Value is { } d ? d.Split(' ', StringSplitOptions.RemoveEmptyEntries)[0] : null,
                visibility.Value is { } v ? ParseVisibility(v) ?? Setting.Inherit : Setting.Inherit,
                fontSize.Value is { } f ? ParseFontSize(f) ?? Setting.Inherit : Setting.Inherit,
                IsZeroOpacity(opacity.Value),
                !boxKeptOpen && (IsZeroLength(height.Value) || IsZeroLength(maxHeight.Value) || IsZeroLength(width.Value) || IsZeroLength(maxWidth.Value)),
                Clips(overflow.Value) || Clips(overflowX.Value) || Clips(overflowY.Value),
                // A transparent color hides the text unless a fill color, a shadow or a stroke paints it anyway.
                color.Value is { } c && (ParseColor(c) ?? Setting.Inherit) is var colorSetting
                    && (colorSetting != Setting.On || (fillColor.Value is null or "currentcolor" or "transparent" && textShadow.Value is null or "none" && textStroke.Value is null))
                    ? colorSetting
                    : Setting.Inherit,
                positioned,
                // Moved a page's width away: by its offsets when positioned, by a negative margin in any case.
                (moved && (Pixels(left.Value) <= -OffScreenDistance || Pixels(top.Value) <= -OffScreenDistance
                    || Pixels(right.Value) >= OffScreenDistance || Pixels(bottom.Value) >= OffScreenDistance))
                    || Pixels(marginLeft.Value) <= -OffScreenDistance || Pixels(marginTop.Value) <= -OffScreenDistance,
                ClipRectAway(clip.Value),
                ClipPathAway(clipPath.Value),
                ScalesAway(transform.Value),
                // A fill color, a shadow or a stroke paints the text otherwise than its color says.
                color.Value is not { } textColor ? CssColor.None
                    : fillColor.Value is null or "currentcolor" && textShadow.Value is null or "none" && textStroke.Value is null ? CssColor.Parse(textColor)
                    : CssColor.Unknown,
                CssColor.ParseBackground(backgroundColor.Value, backgroundImage.Value),
                direction.Value switch { "rtl" => Setting.On, "ltr" => Setting.Off, _ => Setting.Inherit },
                // Moved by its offsets, a negative margin or a translation: the text may leave its parent's background.
                (position.Value is "absolute" or "fixed" or "relative" or "sticky"
                    && (Pixels(left.Value) != 0 || Pixels(top.Value) != 0 || Pixels(right.Value) != 0 || Pixels(bottom.Value) != 0))
                    || Pixels(marginLeft.Value) < 0 || Pixels(marginTop.Value) < 0
                    || (transform.Value is { } t && (t.Contains("translate", StringComparison.Ordinal) || t.Contains("matrix", StringComparison.Ordinal))),
                // A height of its own: text may overflow its background.
                height.Value is not (null or "auto") || maxHeight.Value is not (null or "none"));
        }

        /// <summary>Reads a color: transparent (<see cref="Setting.On"/>: <c>transparent</c>, a zero alpha in a color
        /// function or a hex color), a color of its own (<see cref="Setting.Off"/>), the parent's (inherit,
        /// <c>currentcolor</c>) or not a color (null).</summary>
        private static Setting? ParseColor(string value)
        {
            if (value is "inherit" or "unset" or "currentcolor" or "revert" or "revert-layer")
            {
                return Setting.Inherit;
            }

            if (value == "transparent")
            {
                return Setting.On;
            }

            if (value.StartsWith('#'))
            {
                var hex = value[1..];
                if (hex.Length is not (3 or 4 or 6 or 8) || hex.Any(ch => !char.IsAsciiHexDigit(ch)))
                {
                    return null;
                }

                return (hex.Length == 4 && hex[3] == '0') || (hex.Length == 8 && hex[6..] == "00") ? Setting.On : Setting.Off;
            }

            var open = value.IndexOf('(', StringComparison.Ordinal);
            if (open > 0 && value.EndsWith(')') && value[..open] is "rgb" or "rgba" or "hsl" or "hsla" or "hwb" or "lab" or "lch" or "oklab" or "oklch" or "color" or "color-mix" or "light-dark")
            {
                var arguments = value[(open + 1)..^1];
                var slash = arguments.LastIndexOf('/');
                var parts = arguments.Split(',');
                var alpha = slash >= 0 ? arguments[(slash + 1)..] : parts.Length == 4 ? parts[3] : null;
                return alpha is not null && TryParseLength(alpha.Trim(), out var number, out var unit) && unit is "" or "%" && number <= 0
                    ? Setting.On
                    : Setting.Off;
            }

            return value.All(char.IsAsciiLetterLower) ? Setting.Off : null;
        }

        /// <summary>Tells whether <c>clip</c> (which acts on a positioned box only) leaves nothing of the box:
        /// <c>rect(0 0 0 0)</c>, <c>rect(1px,1px,1px,1px)</c>.</summary>
        private static bool ClipRectAway(string? clip)
        {
            if (clip is null || !clip.StartsWith("rect(", StringComparison.Ordinal) || !clip.EndsWith(')'))
            {
                return false;
            }

            var values = clip[5..^1].Split([',', ' '], StringSplitOptions.RemoveEmptyEntries);
            if (values.Length != 4 || values.Any(v => v == "auto"))
            {
                // auto is the box's own edge: nothing clipped on that side.
                return false;
            }

            var edges = values.Select(Pixels).ToArray();
            return edges[2] <= edges[0] || edges[1] <= edges[3];
        }

        /// <summary>Tells whether <c>clip-path</c> leaves nothing of the box: <c>inset(50%)</c>, <c>circle(0)</c>.</summary>
        private static bool ClipPathAway(string? clipPath)
        {
            if (clipPath is null)
            {
                return false;
            }

            if (clipPath.StartsWith("inset(", StringComparison.Ordinal))
            {
                // One to four insets (top, right, bottom, left), before an optional "round": nothing is left when top
                // and bottom, or left and right, add up to the whole box.
                var insets = clipPath[6..].Split([' ', ')'], StringSplitOptions.RemoveEmptyEntries).TakeWhile(v => v != "round")
                    .Select(v => TryParseLength(v, out var n, out var u) && u == "%" ? n : 0).ToArray();
                if (insets.Length is 0 or > 4)
                {
                    return false;
                }

                var top = insets[0];
                var right = insets.Length > 1 ? insets[1] : top;
                var bottom = insets.Length > 2 ? insets[2] : top;
                var left = insets.Length > 3 ? insets[3] : right;
                return top + bottom >= 100 || left + right >= 100;
            }

            return (clipPath.StartsWith("circle(", StringComparison.Ordinal) || clipPath.StartsWith("ellipse(", StringComparison.Ordinal))
                && clipPath[(clipPath.IndexOf('(', StringComparison.Ordinal) + 1)..].Split([' ', ')'], StringSplitOptions.RemoveEmptyEntries).FirstOrDefault() is { } radius
                && IsZeroLength(radius);
        }

        /// <summary>Tells whether a transform scales the box to nothing (<c>scale(0)</c>, <c>scaleX(0)</c>...).</summary>
        private static bool ScalesAway(string? transform)
        {
            if (transform is null)
            {
                return false;
            }

            foreach (var function in new[] { "scale(", "scalex(", "scaley(", "scale3d(" })
            {
                var at = transform.IndexOf(function, StringComparison.Ordinal);
                if (at >= 0 && transform[(at + function.Length)..].Split([',', ' ', ')'], StringSplitOptions.RemoveEmptyEntries).FirstOrDefault() is { } factor
                    && TryParseLength(factor, out var number, out var unit) && unit is "" or "%" && number == 0)
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>A length in CSS pixels (font-relative units at 16 pixels), or 0 when it is none.</summary>
        private static double Pixels(string? value)
        {
            if (value is null || !TryParseLength(value, out var number, out var unit))
            {
                return 0;
            }

            return number * unit switch
            {
                "px" or "" => 1,
                "pt" => 4.0 / 3,
                "pc" => 16,
                "in" => 96,
                "cm" => 96 / 2.54,
                "mm" => 96 / 25.4,
                "q" => 96 / 101.6,
                "em" or "rem" => 16,
                "ex" or "ch" => 8,
                "vw" or "vh" or "vmin" or "vmax" => 10,
                _ => 0,
            };
        }

        /// <summary>Splits a style attribute at the semicolons that end declarations: not those inside a string, inside
        /// parentheses (<c>url(a;b)</c>) or escaped, which belong to a value.</summary>
        private static List<string> SplitDeclarations(string text)
        {
            var declarations = new List<string>();
            var start = 0;
            var depth = 0;
            foreach (var i in CssText.Structure(text, 0, text.Length))
            {
                switch (text[i])
                {
                    case '(':
                        depth++;
                        break;
                    case ')' when depth > 0:
                        depth--;
                        break;
                    case ';' when depth == 0:
                        declarations.Add(text[start..i]);
                        start = i + 1;
                        break;
                }
            }

            declarations.Add(text[start..]);
            return declarations;
        }

        /// <summary>Tells whether a display value is valid: one keyword, or an outer and an inner one (none and the
        /// box keywords stand alone; <c>display:none block</c> is invalid, so ignored).</summary>
        private static bool IsDisplayValue(string value)
        {
            var keywords = value.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            return keywords.Length switch
            {
                1 => s_displayKeywords.Contains(keywords[0]),
                2 or 3 => keywords.All(s_displayKeywords.Contains) && !keywords.Any(k => k is "none" or "contents" or "inherit" or "initial" or "unset" or "revert" or "revert-layer"),
                _ => false,
            };
        }

        private static Setting? ParseVisibility(string value) => value switch
        {
            "hidden" or "collapse" => Setting.On,
            "visible" or "initial" => Setting.Off,
            "inherit" or "unset" or "revert" or "revert-layer" => Setting.Inherit,
            _ => null,
        };

        /// <summary>Zero (<see cref="Setting.On"/>), a size of its own (<see cref="Setting.Off"/>), relative to the
        /// parent's (<see cref="Setting.Inherit"/>: a fraction of zero is zero), or not a valid size (null).</summary>
        private static Setting? ParseFontSize(string value)
        {
            if (value is "inherit" or "unset" or "revert" or "revert-layer" or "larger" or "smaller")
            {
                return Setting.Inherit;
            }

            if (s_absoluteFontSizes.Contains(value))
            {
                return Setting.Off;
            }

            if (value.Contains('(', StringComparison.Ordinal))
            {
                // calc(), var(), clamp()...: not evaluated; taken as a size of its own, so that the text counts as shown.
                return Setting.Off;
            }

            if (!TryParseLength(value, out var number, out var unit) || number < 0)
            {
                return null;
            }

            if (number == 0)
            {
                return Setting.On;
            }

            if (unit.Length == 0)
            {
                return null;
            }

            // A size of a pixel or less (or a sixteenth of the parent's) reads as a line of dots, not as text.
            // (A fraction of the parent's size is not judged: the parent's size is not followed.)
            var relative = s_relativeUnits.Contains(unit);
            if (unit == "rem" && number <= 1.0 / 16)
            {
                return Setting.On;
            }

            if (!relative && s_absoluteUnits.Contains(unit) && Pixels(value) is > 0 and <= 1)
            {
                return Setting.On;
            }

            return relative ? Setting.Inherit : s_absoluteUnits.Contains(unit) ? Setting.Off : null;
        }

        /// <summary>The font size in a <c>font</c> shorthand (<c>bold 0/0 a</c>, <c>16px Arial</c>), or null.</summary>
        private static string? FontShorthandSize(string value)
        {
            if (value is "inherit" or "unset" or "revert" or "revert-layer" or "initial" or "caption" or "icon" or "menu" or "message-box" or "small-caption" or "status-bar")
            {
                return value;
            }

            // The shorthand is valid only with a family after the size: "font:0" and "font:bold 0px" are ignored.
            var parts = value.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            for (var i = 0; i < parts.Length; i++)
            {
                var size = parts[i].Split('/')[0];
                if (size.Length > 0 && size != "normal" && ParseFontSize(size) is not null)
                {
                    return i + 1 < parts.Length ? size : null;
                }
            }

            return null;
        }

        private static bool IsZeroOpacity(string? value) =>
            value is not null && TryParseLength(value, out var number, out var unit) && unit is "" or "%" && number <= 0;

        private static bool IsZeroLength(string? value) =>
            value is not null && TryParseLength(value, out var number, out _) && number == 0;

        private static bool Clips(string? value) =>
            value is not null && value.Split(' ', StringSplitOptions.RemoveEmptyEntries).Any(v => v is "hidden" or "clip");

        private static bool TryParseLength(string value, out double number, out string unit)
        {
            var end = 0;
            while (end < value.Length && (char.IsAsciiDigit(value[end]) || value[end] is '.' or '-' or '+'))
            {
                end++;
            }

            unit = value[end..].Trim();
            return double.TryParse(value.AsSpan(0, end), System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out number)
                && (unit.Length == 0 || unit == "%" || unit.All(char.IsAsciiLetterLower));
        }
    }
}
