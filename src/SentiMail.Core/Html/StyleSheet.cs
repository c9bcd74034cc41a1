using System.Buffers;
using System.Text;

namespace SentiMail.Html;

/// <summary>The text a <c>::before</c> and an <c>::after</c> rule put around an element, each with the declarations of
/// the rules that style it (which may hide it).</summary>
internal readonly record struct GeneratedText(string? Before, string? BeforeStyle, string? After, string? AfterStyle);

/// <summary>
/// The rules of a document's <c>&lt;style&gt;</c> elements that can hide or show text, as far as the extractor follows
/// them: rules whose selector is one compound selector of a type (or <c>*</c>), an id and classes (<c>p</c>,
/// <c>.x</c>, <c>span.x.y</c>, <c>#id</c>), at the top level or inside an <c>@media</c> block for every screen
/// (<c>all</c>, <c>screen</c>). Other selectors (descendants, attributes, pseudo-classes) and conditional media
/// blocks (<c>max-width</c>, <c>print</c>) are skipped: the elements they would style count as shown, as without the
/// rule.
/// </summary>
/// <remarks>
/// The declarations of the rules an element matches are joined in cascade order (specificity, then order in the
/// document) before its <c>style</c> attribute, so that the extractor's last-valid-value reading of the joined text
/// gives the cascade's answer: an inline declaration beats a rule's, and an <c>!important</c> one beats later
/// ordinary ones. Work is bounded: the rules read, the characters of style text, and the characters of declarations
/// joined for the whole document; past that budget the rules stop applying.
/// </remarks>
internal sealed class StyleSheet
{
    /// <summary>The most style text read from one document.</summary>
    public const int MaxStyleText = 256 * 1024;

    /// <summary>The most rules kept from one document.</summary>
    public const int MaxRules = 4096;

    /// <summary>The most characters of declarations joined for the elements of one document.</summary>
    public const int MaxJoinedText = 4 * 1024 * 1024;

    /// <summary>The most rule-against-element comparisons made for one document.</summary>
    public const int MaxChecks = 4 * 1024 * 1024;

    private readonly Dictionary<string, List<Rule>> _byClass = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<Rule>> _byId = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<Rule>> _byType = new(StringComparer.Ordinal);
    private readonly List<Rule> _universal = [];
    private readonly Dictionary<string, string?> _joined = new(StringComparer.Ordinal);
    private readonly Dictionary<string, GeneratedText> _generated = new(StringComparer.Ordinal);
    private readonly List<Rule> _pseudoRules = [];

    // Names (types, classes, ids, in lowercase) that a rule the extractor does not follow may show again: a
    // descendant selector, a conditional @media or @supports block, a selector list with such a member. An element that
    // bears one is not hidden by the rules the extractor does follow, since a browser may show it after all.
    private readonly HashSet<string> _mayShow = new(StringComparer.Ordinal);
    private bool _incomplete;
    private bool _colorsUnfollowed;

    // Names (types, classes, ids, in lowercase) of the rules the extractor does not follow that set a color or a
    // background: an element bearing one may be painted otherwise than the extractor works out.
    private readonly HashSet<string> _colorNames = new(StringComparer.Ordinal);
    private int _rules;
    private int _textRead;
    private int _joinedLength;
    private int _checks;

    /// <summary>Gets a value indicating whether the colors the rules give any element may differ from those this reader
    /// works out: style rules it does not read (for some screens only, linked), an unfollowed rule that sets colors and
    /// may match any element, or the rules stopped applying at a budget. Text is then never taken to be painted in the
    /// color of its background (<see cref="ColorMayChange"/> tells the same of one element).</summary>
    public bool ColorsUncertain => _colorsUnfollowed || _incomplete || _joinedLength >= MaxJoinedText || _checks >= MaxChecks;

    /// <summary>Gets a value indicating whether a rule read so far, followed or not, masks what is typed into a field
    /// (<c>-webkit-text-security</c> other than <c>none</c>), as a password field does.</summary>
    public bool MasksTypedText { get; private set; }

    /// <summary>Tells whether declarations mask what is typed (<c>-webkit-text-security: disc</c>, <c>circle</c>,
    /// <c>square</c>...; not <c>none</c> or a keyword that leaves the default, which masks nothing).</summary>
    /// <param name="declarations">Declarations, as in a rule's block or a <c>style</c> attribute.</param>
    /// <returns><see langword="true"/> when one of them masks typed text.</returns>
    public static bool MasksText(string declarations)
    {
        var at = declarations.IndexOf("text-security", StringComparison.OrdinalIgnoreCase);
        while (at >= 0)
        {
            var rest = declarations.AsSpan(at + "text-security".Length).TrimStart();
            if (rest.StartsWith(":"))
            {
                var value = rest[1..];
                var end = value.IndexOfAny(';', '}');
                value = (end >= 0 ? value[..end] : value).Trim();
                var bang = value.IndexOf('!');
                value = (bang >= 0 ? value[..bang] : value).Trim();
                if (value.Length > 0 && !value.Equals("none", StringComparison.OrdinalIgnoreCase) && !value.Equals("initial", StringComparison.OrdinalIgnoreCase)
                    && !value.Equals("unset", StringComparison.OrdinalIgnoreCase) && !value.Equals("inherit", StringComparison.OrdinalIgnoreCase))
                {
                    return true;
                }
            }

            at = declarations.IndexOf("text-security", at + 1, StringComparison.OrdinalIgnoreCase);
        }

        return false;
    }

    /// <summary>Tells whether a rule the extractor does not follow may give an element another color or background
    /// than it works out: the rule names the element's type, one of its classes or its id.</summary>
    /// <param name="type">The element's name in lowercase.</param>
    /// <param name="id">Its <c>id</c> attribute, or <see langword="null"/>.</param>
    /// <param name="classes">Its <c>class</c> attribute, or <see langword="null"/>.</param>
    /// <returns><see langword="true"/> when its colors are in doubt.</returns>
    public bool ColorMayChange(string type, string? id, string? classes)
    {
        if (_colorNames.Count == 0)
        {
            return false;
        }

        if (_colorNames.Contains(type) || (id is not null && _colorNames.Contains(id.Trim().ToLowerInvariant())))
        {
            return true;
        }

        if (classes is null)
        {
            return false;
        }

        var checkedClasses = 0;
        foreach (var name in classes.ToLowerInvariant().Split(s_whitespace, StringSplitOptions.RemoveEmptyEntries))
        {
            if (_colorNames.Contains(name) || ++checkedClasses >= 32)
            {
                // (Past 32 classes, an element is taken to be in doubt rather than checked further.)
                return true;
            }
        }

        return false;
    }

    /// <summary>Records the names of an unfollowed rule that sets colors. A selector whose subject (its last compound
    /// selector) names no type, class or id (<c>div &gt; *</c>, <c>[title]</c>, <c>:hover</c>) may match any
    /// element: colors are then in doubt everywhere, as they are once too many names are recorded.</summary>
    private void NoteColorNames(string[] selectors)
    {
        foreach (var selector in selectors)
        {
            var compounds = selector.Split(s_combinators, StringSplitOptions.RemoveEmptyEntries);
            if (compounds.Length == 0 || compounds[^1][0] is '*' or '[' or ':')
            {
                _colorsUnfollowed = true;
                return;
            }

            foreach (var name in selector.Split(s_selectorPunctuation, StringSplitOptions.RemoveEmptyEntries))
            {
                if (_colorNames.Count >= MaxRules * 4)
                {
                    _colorsUnfollowed = true;
                    return;
                }

                _colorNames.Add(name);
            }
        }
    }

    private static readonly char[] s_combinators = [' ', '\t', '\n', '\r', '\f', '>', '+', '~'];

    /// <summary>Records style rules this reader does not read (a style element for some screens only, a linked style
    /// sheet), which may paint any color.</summary>
    public void NoteUnreadRules() => _colorsUnfollowed = true;

    /// <summary>Gets a value indicating whether any rule was kept.</summary>
    public bool IsEmpty => _rules == 0;

    /// <summary>Reads the text of one <c>&lt;style&gt;</c> element.</summary>
    /// <param name="css">The style element's text.</param>
    public void Add(string css)
    {
        if (_textRead + css.Length > MaxStyleText || _rules >= MaxRules)
        {
            // Style text past the budget is not read: a rule there might show what an earlier one hides, so the rules
            // read no longer hide anything either.
            _incomplete = true;
            return;
        }

        _textRead += css.Length;
        var rules = CssText.StripComments(css);
        ReadRules(rules, 0, rules.Length, nested: false, followed: true);
    }

    /// <summary>Returns the declarations of the rules an element matches, in cascade order and followed by its own
    /// <c>style</c> attribute, or the attribute alone when no rule matches.</summary>
    /// <param name="type">The element's name in lowercase.</param>
    /// <param name="id">Its <c>id</c> attribute, or <see langword="null"/>.</param>
    /// <param name="classes">Its <c>class</c> attribute, or <see langword="null"/>.</param>
    /// <param name="style">Its <c>style</c> attribute, or <see langword="null"/>.</param>
    public string? Apply(string type, string? id, string? classes, string? style)
    {
        if (_rules == 0 || _incomplete || _joinedLength >= MaxJoinedText || _checks >= MaxChecks)
        {
            return style;
        }

        var key = string.Concat(type, "\0", id, "\0", classes);
        if (!_joined.TryGetValue(key, out var declarations))
        {
            declarations = Match(type, id?.ToLowerInvariant(), classes?.ToLowerInvariant());
            if (_joined.Count < MaxRules * 4)
            {
                _joined[key] = declarations;
            }
        }

        if (declarations is null)
        {
            return style;
        }

        _joinedLength += declarations.Length + (style?.Length ?? 0);
        return style is null ? declarations : string.Concat(declarations, ";", style);
    }

    /// <summary>Returns the text that <c>::before</c> and <c>::after</c> rules (<c>content: "..."</c>) put around an
    /// element's own, or nulls when none does.</summary>
    /// <param name="type">The element's name in lowercase.</param>
    /// <param name="id">Its <c>id</c> attribute, or <see langword="null"/>.</param>
    /// <param name="classes">Its <c>class</c> attribute, or <see langword="null"/>.</param>
    public GeneratedText GeneratedContent(string type, string? id, string? classes)
    {
        if (_pseudoRules.Count == 0 || _incomplete || _checks >= MaxChecks)
        {
            return default;
        }

        var key = string.Concat(type, "\0", id, "\0", classes);
        if (_generated.TryGetValue(key, out var content))
        {
            return content;
        }

        var classList = classes?.ToLowerInvariant().Split(s_whitespace, StringSplitOptions.RemoveEmptyEntries) ?? [];
        var matched = new List<Rule>();
        Collect(_pseudoRules, matched, type, id?.ToLowerInvariant(), classList.Length > 32 ? classList[..32] : classList);
        matched.Sort(static (a, b) => a.Specificity != b.Specificity ? a.Specificity.CompareTo(b.Specificity) : a.Order.CompareTo(b.Order));
        string? before = null, after = null;
        bool beforeImportant = false, afterImportant = false;
        StringBuilder beforeStyle = new(), afterStyle = new();
        foreach (var rule in matched)
        {
            // The pseudo-element's own declarations (display:none, font-size:0...) decide whether its text shows.
            (rule.Pseudo == Pseudo.Before ? beforeStyle : afterStyle).Append(rule.Declarations).Append(';');
            if (rule.Content is not { } value)
            {
                continue;
            }

            if (rule.Pseudo == Pseudo.Before && (rule.ContentImportant || !beforeImportant))
            {
                (before, beforeImportant) = (value, rule.ContentImportant);
            }
            else if (rule.Pseudo == Pseudo.After && (rule.ContentImportant || !afterImportant))
            {
                (after, afterImportant) = (value, rule.ContentImportant);
            }
        }

        content = new GeneratedText(
            before is { Length: > 0 } ? before : null,
            beforeStyle.ToString(),
            after is { Length: > 0 } ? after : null,
            afterStyle.ToString());
        if (_generated.Count < MaxRules * 4)
        {
            _generated[key] = content;
        }

        return content;
    }

    private string? Match(string type, string? id, string? classes)
    {
        var classList = classes?.Split(s_whitespace, StringSplitOptions.RemoveEmptyEntries) ?? [];
        if (classList.Length > 32 || _mayShow.Contains(type) || (id is not null && _mayShow.Contains(id)) || classList.Any(_mayShow.Contains))
        {
            // Too many classes to follow, or a rule the extractor does not follow may show the element: no rule hides it.
            return null;
        }

        var matched = new List<Rule>();
        Collect(_universal, matched, type, id, classList);
        if (_byType.TryGetValue(type, out var byType))
        {
            Collect(byType, matched, type, id, classList);
        }

        if (id is { Length: > 0 } && _byId.TryGetValue(id, out var byId))
        {
            Collect(byId, matched, type, id, classList);
        }

        foreach (var name in classList.Distinct(StringComparer.Ordinal))
        {
            if (_byClass.TryGetValue(name, out var byClass))
            {
                Collect(byClass, matched, type, id, classList);
            }
        }

        if (matched.Count == 0 || _checks >= MaxChecks)
        {
            // The budget ran out while matching: a later rule that shows the element may be among those not checked.
            return null;
        }

        // Each rule is filed under one key (its id, else its first class, else its type), so it is found once.
        matched.Sort(static (a, b) => a.Specificity != b.Specificity ? a.Specificity.CompareTo(b.Specificity) : a.Order.CompareTo(b.Order));
        var sb = new StringBuilder();
        foreach (var rule in matched)
        {
            sb.Append(rule.Declarations).Append(';');
        }

        return sb.ToString();
    }

    private void Collect(List<Rule> rules, List<Rule> matched, string type, string? id, string[] classes)
    {
        foreach (var rule in rules)
        {
            if (++_checks > MaxChecks)
            {
                return;
            }

            if (rule.Matches(type, id, classes))
            {
                matched.Add(rule);
            }
        }
    }

    /// <summary>Reads the rules of <paramref name="css"/> between two positions: <c>selectors { declarations }</c>,
    /// <c>@media query { rules }</c> (followed only for every screen) and other at-rules. Rules that are not followed
    /// (in a conditional block, or with a selector the extractor does not read) are still read for the names they may
    /// show. One forward pass: each block is scanned once.</summary>
    private void ReadRules(string css, int start, int end, bool nested, bool followed)
    {
        var i = start;
        while (i < end)
        {
            if (_rules >= MaxRules)
            {
                _incomplete = true;
                return;
            }

            while (i < end && char.IsWhiteSpace(css[i]))
            {
                i++;
            }

            if (i >= end)
            {
                return;
            }

            // An at-rule ends at a semicolon or its block; a qualified rule's prelude runs to its block, semicolons
            // included ("x; .a{...}" is one invalid rule, as in a browser).
            var atRule = css[i] == '@';
            var open = IndexOutsideStrings(css, atRule ? s_atRuleEnd : s_preludeEnd, i, end);
            if (open < 0)
            {
                return;
            }

            if (css[open] == ';')
            {
                i = open + 1;
                continue;
            }

            var close = MatchingBrace(css, open, end);
            var prelude = css[i..open].Trim();
            var blockEnd = close < 0 ? end : close;
            if (atRule)
            {
                var name = AtRuleName(prelude);
                if (name is "media" or "supports" && !nested)
                {
                    // A block for every screen is followed; a conditional one (max-width, print, @supports) is read
                    // only for the names it may show.
                    var followBlock = followed && name == "media" && AppliesToEveryScreen(prelude[6..]);
                    ReadRules(css, open + 1, blockEnd, nested: true, followBlock);
                }
            }
            else
            {
                AddRule(prelude, css[(open + 1)..blockEnd], followed);
            }

            i = close < 0 ? end : close + 1;
        }
    }

    private static string AtRuleName(string prelude)
    {
        var n = 1;
        while (n < prelude.Length && (char.IsAsciiLetterOrDigit(prelude[n]) || prelude[n] == '-'))
        {
            n++;
        }

        return prelude[1..n].ToLowerInvariant();
    }

    private void AddRule(string selectors, string declarations, bool followed)
    {
        MasksTypedText = MasksTypedText || MasksText(declarations);
        var parsed = new List<Rule>();
        var list = selectors.ToLowerInvariant().Split(',');
        foreach (var text in list)
        {
            if (Rule.Parse(text.Trim(), declarations, _rules + parsed.Count) is not { } rule)
            {
                // A list with one member a browser or this reader cannot follow: the browser drops the whole rule, and
                // this reader cannot tell what the member would show.
                parsed.Clear();
                break;
            }

            parsed.Add(rule);
        }

        if (!followed || parsed.Count == 0)
        {
            if (declarations.Contains("color", StringComparison.OrdinalIgnoreCase) || declarations.Contains("background", StringComparison.OrdinalIgnoreCase))
            {
                NoteColorNames(list);
            }

            if (MayShow(declarations))
            {
                foreach (var text in list)
                {
                    foreach (var name in text.Split(s_selectorPunctuation, StringSplitOptions.RemoveEmptyEntries))
                    {
                        if (_mayShow.Count < MaxRules * 4)
                        {
                            _mayShow.Add(name);
                        }
                    }
                }
            }

            return;
        }

        foreach (var rule in parsed)
        {
            _rules++;
            if (rule.Pseudo != Pseudo.None)
            {
                if (rule.Content is not null)
                {
                    _pseudoRules.Add(rule);
                }
            }
            else if (rule.Id is { } id)
            {
                File(_byId, id, rule);
            }
            else if (rule.Classes.Length > 0)
            {
                File(_byClass, rule.Classes[0], rule);
            }
            else if (rule.Type is { } type)
            {
                File(_byType, type, rule);
            }
            else
            {
                _universal.Add(rule);
            }

            if (_rules >= MaxRules)
            {
                return;
            }
        }
    }

    /// <summary>Tells whether declarations set a property the extractor reads for visibility, so that they might
    /// show what another rule hides.</summary>
    private static bool MayShow(string declarations)
    {
        var text = declarations.ToLowerInvariant();
        return s_visibilityProperties.Any(p => text.Contains(p, StringComparison.Ordinal));
    }

    private static readonly string[] s_visibilityProperties =
        ["display", "visibility", "font", "color", "opacity", "height", "width", "overflow", "position", "left", "top",
         "right", "bottom", "margin", "clip", "transform", "text-indent", "content"];

    private static readonly char[] s_selectorPunctuation =
        [' ', '\t', '\n', '\r', '\f', '.', '#', '>', '+', '~', ':', '[', ']', '(', ')', '=', '"', '\'', '*', '|', '^', '$', ','];

    private static readonly SearchValues<char> s_atRuleEnd = SearchValues.Create("{;");

    private static readonly SearchValues<char> s_preludeEnd = SearchValues.Create("{");

    private static void File(Dictionary<string, List<Rule>> index, string key, Rule rule)
    {
        if (!index.TryGetValue(key, out var list))
        {
            index[key] = list = [];
        }

        list.Add(rule);
    }

    /// <summary>Tells whether a media query list (of an <c>@media</c> rule or a style element's <c>media</c>) holds a
    /// query for every screen: empty, <c>all</c>, <c>screen</c> or <c>only screen</c> with no condition.</summary>
    public static bool AppliesToEveryScreen(string queries) =>
        queries.ToLowerInvariant().Split(',').Any(q => q.Trim() is "" or "all" or "screen" or "only screen" or "only all");

    private static int IndexOutsideStrings(string css, SearchValues<char> targets, int from, int end)
    {
        foreach (var i in CssText.Structure(css, from, end))
        {
            if (targets.Contains(css[i]))
            {
                return i;
            }
        }

        return -1;
    }

    private static int MatchingBrace(string css, int open, int end)
    {
        var depth = 0;
        foreach (var i in CssText.Structure(css, open, end))
        {
            if (css[i] == '{')
            {
                depth++;
            }
            else if (css[i] == '}' && --depth == 0)
            {
                return i;
            }
        }

        return -1;
    }

    private static readonly char[] s_whitespace = [' ', '\t', '\n', '\r', '\f'];

    private enum Pseudo
    {
        None,
        Before,
        After,
    }

    /// <summary>A rule with one compound selector, possibly for the element's <c>::before</c> or <c>::after</c>.</summary>
    private sealed class Rule
    {
        private Rule(string? type, string? id, string[] classes, Pseudo pseudo, string declarations, int order)
        {
            Type = type;
            Id = id;
            Classes = classes;
            Pseudo = pseudo;
            Declarations = declarations;
            Order = order;
            Specificity = (id is null ? 0 : 1 << 16) + (classes.Length << 8) + (type is null ? 0 : 1) + (pseudo == Pseudo.None ? 0 : 1);
            if (pseudo != Pseudo.None)
            {
                (Content, ContentImportant) = ReadContent(declarations);
            }
        }

        public Pseudo Pseudo { get; }

        /// <summary>Gets the text of a <c>::before</c> or <c>::after</c> rule's <c>content</c> (empty for none), or
        /// <see langword="null"/> when the rule sets none.</summary>
        public string? Content { get; }

        public bool ContentImportant { get; }

        public string? Type { get; }

        public string? Id { get; }

        public string[] Classes { get; }

        public string Declarations { get; }

        public int Order { get; }

        public int Specificity { get; }

        /// <summary>Reads a selector made of an optional type or <c>*</c>, then ids and classes; <see langword="null"/>
        /// for any other selector (which the extractor does not follow).</summary>
        public static Rule? Parse(string selector, string declarations, int order)
        {
            if (selector.Length == 0 || selector.Length > 256)
            {
                return null;
            }

            var i = 0;
            string? type = null;
            if (selector[0] == '*')
            {
                i = 1;
            }
            else if (char.IsAsciiLetter(selector[0]))
            {
                i = NameEnd(selector, 0);
                type = selector[..i];
            }

            string? id = null;
            var classes = new List<string>();
            var pseudo = Pseudo.None;
            foreach (var (suffix, kind) in s_pseudoElements)
            {
                if (selector.EndsWith(suffix, StringComparison.Ordinal) && selector.Length > suffix.Length)
                {
                    pseudo = kind;
                    selector = selector[..^suffix.Length];
                    break;
                }
            }

            while (i < selector.Length)
            {
                var marker = selector[i];
                if (marker is not ('.' or '#'))
                {
                    return null;
                }

                var end = NameEnd(selector, i + 1);
                if (end == i + 1)
                {
                    return null;
                }

                var name = selector[(i + 1)..end];
                if (marker == '#')
                {
                    if (id is not null && id != name)
                    {
                        return null;
                    }

                    id = name;
                }
                else
                {
                    classes.Add(name);
                }

                i = end;
            }

            return new Rule(type, id, [.. classes], pseudo, declarations, order);
        }

        public bool Matches(string type, string? id, string[] classes)
        {
            if ((Type is not null && Type != type) || (Id is not null && Id != id))
            {
                return false;
            }

            foreach (var name in Classes)
            {
                if (Array.IndexOf(classes, name) < 0)
                {
                    return false;
                }
            }

            return true;
        }

        private static readonly (string Suffix, Pseudo Kind)[] s_pseudoElements =
            [("::before", Pseudo.Before), (":before", Pseudo.Before), ("::after", Pseudo.After), (":after", Pseudo.After)];

        /// <summary>Reads the last <c>content</c> declaration (an important one first) as the text of its strings:
        /// <c>"Dear " "customer"</c> is "Dear customer"; <c>none</c>, <c>normal</c>, counters and images add nothing.</summary>
        private static (string? Content, bool Important) ReadContent(string declarations)
        {
            string? content = null;
            var important = false;
            foreach (var declaration in declarations.Split(';'))
            {
                var colon = declaration.IndexOf(':', StringComparison.Ordinal);
                if (colon <= 0 || !declaration[..colon].Trim().Equals("content", StringComparison.OrdinalIgnoreCase))
                {
                    continue;
                }

                var value = declaration[(colon + 1)..].Trim();
                var isImportant = value.EndsWith("!important", StringComparison.OrdinalIgnoreCase);
                if (isImportant || !important)
                {
                    content = Strings(isImportant ? value[..^10] : value);
                    important = isImportant;
                }
            }

            return (content, important);
        }

        private static string Strings(string value)
        {
            var sb = new StringBuilder();
            for (var i = 0; i < value.Length; i++)
            {
                var quote = value[i];
                if (quote is not ('"' or '\''))
                {
                    continue;
                }

                for (i++; i < value.Length && value[i] != quote; i++)
                {
                    if (value[i] != '\\' || i + 1 >= value.Length)
                    {
                        sb.Append(value[i]);
                        continue;
                    }

                    // A CSS escape: up to six hex digits and an optional space, or the next character itself.
                    var hex = 0;
                    while (hex < 6 && i + 1 + hex < value.Length && char.IsAsciiHexDigit(value[i + 1 + hex]))
                    {
                        hex++;
                    }

                    if (hex == 0)
                    {
                        sb.Append(value[++i]);
                        continue;
                    }

                    var code = int.Parse(value.AsSpan(i + 1, hex), System.Globalization.NumberStyles.HexNumber, System.Globalization.CultureInfo.InvariantCulture);
                    sb.Append(code is > 0 and <= 0x10FFFF and not (>= 0xD800 and <= 0xDFFF) ? char.ConvertFromUtf32(code) : "\uFFFD");
                    i += hex;
                    if (i + 1 < value.Length && value[i + 1] == ' ')
                    {
                        i++;
                    }
                }
            }

            return sb.ToString();
        }

        private static int NameEnd(string selector, int from)
        {
            var i = from;
            while (i < selector.Length && (char.IsAsciiLetterOrDigit(selector[i]) || selector[i] is '-' or '_' || selector[i] > 0x7F))
            {
                i++;
            }

            return i;
        }
    }
}
