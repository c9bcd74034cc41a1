using System.Buffers.Binary;
using System.Text;
using SentiMail.Text;

namespace SentiMail.Attachments;

/// <summary>
/// Finds what an RTF document runs or fetches when Word opens it: its embedded and linked OLE objects
/// (<c>{\object ... {\*\objclass ...}{\*\objdata hex}}</c>) that are Equation Editor objects (CVE-2017-11882), links
/// through a URL moniker (CVE-2017-0199), OLE Packages (a file to run, which Word also writes to the temporary folder
/// on open) or objects that update themselves on open (<c>\objupdate</c>); and a template fetched from the network
/// (<c>{\*\template https://...}</c>).
/// </summary>
/// <remarks>
/// The document is read in one forward pass, as Word reads it, leniently: control words are case sensitive and end at
/// the first character that is not a letter; blank space, other control words and unknown characters in object data
/// are skipped; a group starting with <c>\*</c> and an unknown control word (<c>{\*\junk ...}</c>) is ignored with
/// everything in it; <c>\binN</c> takes N raw bytes. Work is linear in the document's length: groups nested deeper
/// than <see cref="MaxDepth"/> share the destination of that level, each object keeps at most
/// <see cref="MaxObjectBytes"/> bytes of data, and at most <see cref="MaxObjects"/> objects are kept and examined
/// (objects past them are read over, not kept; an object's buffers are made only when its class or data arrives).
/// </remarks>
internal static class RtfScanner
{
    /// <summary>The most bytes of one object's data that are kept and examined.</summary>
    public const int MaxObjectBytes = 8 * 1024 * 1024;

    /// <summary>The most objects examined in one document.</summary>
    public const int MaxObjects = 256;

    /// <summary>The deepest group nesting whose destinations are told apart.</summary>
    public const int MaxDepth = 1024;

    private const int MaxFindings = 16;
    private const int MaxClassChars = 128;
    private const int MaxTemplateChars = 2048;

    /// <summary>Reads an RTF document.</summary>
    /// <param name="rtf">The document's bytes.</param>
    /// <returns>What it does on open or carries to be run; empty for a document without such objects.</returns>
    public static List<DocumentThreat> Scan(ReadOnlySpan<byte> rtf)
    {
        var reader = new Reader();
        reader.Read(rtf);
        return reader.Findings;
    }

    private enum Destination
    {
        Normal,
        ObjectClass,
        ObjectData,
        Template,
        Skip,
    }

    /// <summary>One group's state: where its text goes, and whether its first control word is still to come (after
    /// <c>\*</c>, when <see cref="Starred"/>).</summary>
    private struct Frame
    {
        public Destination Destination;
        public bool Fresh;
        public bool Starred;
    }

    /// <summary>An object being read: its class, its data (decoded from hex) and its flags. Its buffers are made when
    /// its first class character or data byte arrives: an object without either costs a few bytes.</summary>
    private sealed class RtfObject(int depth)
    {
        private StringBuilder? _className;
        private MemoryStream? _data;

        public int Depth { get; } = depth;

        public int HighNibble { get; set; } = -1;

        public bool Update { get; set; }

        /// <summary>Gets the class name read so far.</summary>
        public string ClassName => _className?.ToString() ?? string.Empty;

        /// <summary>Gets a value indicating whether the object holds nothing: no class, no data, no update.</summary>
        public bool IsEmpty => _className is null && _data is null && !Update;

        /// <summary>Gets the data read so far.</summary>
        public ReadOnlySpan<byte> Data => _data is null ? ReadOnlySpan<byte>.Empty : _data.GetBuffer().AsSpan(0, (int)_data.Length);

        public void Add(byte b)
        {
            _data ??= new MemoryStream();
            if (_data.Length < MaxObjectBytes)
            {
                _data.WriteByte(b);
            }
        }

        public void AddClass(char c)
        {
            _className ??= new StringBuilder();
            if (_className.Length < MaxClassChars)
            {
                _className.Append(c);
            }
        }
    }

    private sealed class Reader
    {
        private readonly Frame[] _frames = new Frame[MaxDepth + 1];
        private readonly List<RtfObject> _open = [];
        private readonly StringBuilder _template = new();
        private int _depth;
        private int _templateDepth = -1;
        private int _objects;
        private int _started;

        /// <summary>The depth of the group where the first object past <see cref="MaxObjects"/> started, while it is
        /// open: what is in it belongs to no object that is examined.</summary>
        private int _untrackedDepth = int.MaxValue;

        public List<DocumentThreat> Findings { get; } = [];

        private ref Frame Current => ref _frames[Math.Min(_depth, MaxDepth)];

        private RtfObject? Object => _open.Count > 0 && _untrackedDepth == int.MaxValue ? _open[^1] : null;

        public void Read(ReadOnlySpan<byte> rtf)
        {
            var i = 0;
            while (i < rtf.Length)
            {
                switch (rtf[i])
                {
                    case (byte)'{':
                        Open();
                        i++;
                        break;
                    case (byte)'}':
                        Close();
                        i++;
                        break;
                    case (byte)'\\':
                        i = Control(rtf, i);
                        break;
                    default:
                        Text(rtf[i]);
                        i++;
                        break;
                }
            }

            // A truncated document: what was read of its open groups still counts.
            while (_depth > 0)
            {
                Close();
            }

            for (var k = _open.Count - 1; k >= 0; k--)
            {
                Finish(_open[k]);
            }

            _open.Clear();
            FinishTemplate();
        }

        private void Open()
        {
            var parent = Current.Destination;
            _depth++;
            if (_depth <= MaxDepth)
            {
                _frames[_depth] = new Frame { Destination = parent, Fresh = true };
            }
        }

        private void Close()
        {
            if (_depth == 0)
            {
                return;
            }

            while (_open.Count > 0 && _open[^1].Depth >= _depth)
            {
                Finish(_open[^1]);
                _open.RemoveAt(_open.Count - 1);
            }

            if (_templateDepth >= _depth)
            {
                FinishTemplate();
            }

            if (_untrackedDepth >= _depth)
            {
                _untrackedDepth = int.MaxValue;
            }

            _depth--;
        }

        /// <summary>Reads a control word or symbol at <paramref name="at"/> (a backslash).</summary>
        /// <returns>Where reading goes on.</returns>
        private int Control(ReadOnlySpan<byte> rtf, int at)
        {
            var i = at + 1;
            if (i >= rtf.Length)
            {
                return i;
            }

            var c = rtf[i];
            if (!char.IsAsciiLetter((char)c))
            {
                return Symbol(rtf, i);
            }

            var start = i;
            while (i < rtf.Length && char.IsAsciiLetter((char)rtf[i]))
            {
                i++;
            }

            var word = rtf[start..i];
            var negative = i < rtf.Length && rtf[i] == '-';
            if (negative)
            {
                i++;
            }

            long parameter = 0;
            var digits = 0;
            while (i < rtf.Length && char.IsAsciiDigit((char)rtf[i]))
            {
                if (digits++ < 10)
                {
                    parameter = (parameter * 10) + (rtf[i] - '0');
                }

                i++;
            }

            if (i < rtf.Length && rtf[i] == ' ')
            {
                i++;
            }

            if (word.SequenceEqual("bin"u8))
            {
                // Raw bytes: object data takes them as they are; elsewhere they are skipped.
                var count = negative ? 0 : (int)Math.Min(parameter, rtf.Length - i);
                if (Current.Destination == Destination.ObjectData && Object is { } o)
                {
                    foreach (var b in rtf.Slice(i, count))
                    {
                        o.Add(b);
                    }
                }

                Current.Fresh = false;
                return i + count;
            }

            Word(word);
            return i;
        }

        private int Symbol(ReadOnlySpan<byte> rtf, int i)
        {
            switch (rtf[i])
            {
                case (byte)'*':
                    if (Current.Fresh)
                    {
                        Current.Starred = true;
                    }

                    return i + 1;
                case (byte)'\'':
                    // \'hh: a character in the document's code page.
                    if (i + 2 < rtf.Length && Hex(rtf[i + 1]) is >= 0 and var high && Hex(rtf[i + 2]) is >= 0 and var low && Current.Destination != Destination.ObjectData)
                    {
                        Text((byte)((high << 4) | low));
                    }

                    Current.Fresh = false;
                    return Math.Min(rtf.Length, i + 3);
                case (byte)'\\' or (byte)'{' or (byte)'}':
                    if (Current.Destination != Destination.ObjectData)
                    {
                        Text(rtf[i]);
                    }

                    Current.Fresh = false;
                    return i + 1;
                default:
                    Current.Fresh = false;
                    return i + 1;
            }
        }

        private void Word(ReadOnlySpan<byte> word)
        {
            ref var frame = ref Current;
            var first = frame.Fresh;
            frame.Fresh = false;
            if (frame.Destination == Destination.Skip)
            {
                // Inside an ignored group: nothing in it counts.
                return;
            }

            if (word.SequenceEqual("object"u8))
            {
                StartObject();
            }
            else if (word.SequenceEqual("objdata"u8))
            {
                frame.Destination = Destination.ObjectData;
                if (Object is null)
                {
                    // Data outside an \object group: read all the same, as an object of its own.
                    StartObject();
                }
            }
            else if (word.SequenceEqual("objclass"u8))
            {
                frame.Destination = Destination.ObjectClass;
            }
            else if (word.SequenceEqual("template"u8))
            {
                frame.Destination = Destination.Template;
                FinishTemplate();
                _templateDepth = _depth;
            }
            else if (word.SequenceEqual("objupdate"u8) && Object is { } o)
            {
                o.Update = true;
            }
            else if (first && frame.Starred)
            {
                // {\*\unknown ...}: Word skips the group with everything in it.
                frame.Destination = Destination.Skip;
            }
        }

        private void StartObject()
        {
            while (_open.Count > 0 && _open[^1].Depth >= _depth)
            {
                Finish(_open[^1]);
                _open.RemoveAt(_open.Count - 1);
            }

            if (_started >= MaxObjects)
            {
                // Past the limit, objects are no longer kept (the document is still read to its end, linearly): what
                // is in this one's group goes nowhere.
                _untrackedDepth = Math.Min(_untrackedDepth, _depth);
                return;
            }

            _started++;
            _open.Add(new RtfObject(_depth));
        }

        private void Text(byte b)
        {
            if (b is (byte)'\r' or (byte)'\n')
            {
                // Line breaks mean nothing in RTF.
                return;
            }

            switch (Current.Destination)
            {
                case Destination.ObjectData when Object is { } o:
                    if (Hex(b) is >= 0 and var nibble)
                    {
                        if (o.HighNibble < 0)
                        {
                            o.HighNibble = nibble;
                        }
                        else
                        {
                            o.Add((byte)((o.HighNibble << 4) | nibble));
                            o.HighNibble = -1;
                        }
                    }

                    break;
                case Destination.ObjectClass when Object is { } o:
                    if (b > 0x20)
                    {
                        o.AddClass((char)b);
                    }

                    break;
                case Destination.Template:
                    if (b >= 0x20 && _template.Length < MaxTemplateChars)
                    {
                        _template.Append((char)b);
                    }

                    break;
            }

            Current.Fresh = false;
        }

        private void FinishTemplate()
        {
            var target = _template.ToString().Trim();
            _template.Clear();
            _templateDepth = -1;
            if (target.Length == 0)
            {
                return;
            }

            var kind = OfficeObjects.Classify(target) switch
            {
                OfficeObjects.TargetKind.Web => DocumentThreatKind.RemoteContent,
                OfficeObjects.TargetKind.Share => DocumentThreatKind.RemoteShareContent,
                OfficeObjects.TargetKind.Exploit => DocumentThreatKind.Exploit,
                _ => (DocumentThreatKind?)null,
            };
            if (kind is { } k)
            {
                Add(new(k, $"fetches its template from {TextSanitizer.ForDisplay(target, 200)} when it is opened", $"\\template {target}"));
            }
        }

        private void Finish(RtfObject o)
        {
            if (o.IsEmpty)
            {
                // An empty object shows and runs nothing: it does not use up the objects examined (empty ones in front
                // of a real one would otherwise hide it).
                _started--;
                return;
            }

            if (++_objects > MaxObjects)
            {
                return;
            }

            var data = o.Data;
            var declared = o.ClassName;
            var stored = HeaderClass(data);
            var names = string.Join(" / ", new[] { declared, stored }.Where(n => n.Length > 0).Distinct(StringComparer.Ordinal));
            var shown = names.Length > 0 ? names : "no class";
            var update = o.Update ? ", and it updates itself on open (\\objupdate)" : string.Empty;
            var exploit = false;
            if (IsClass(declared, stored, "Equation.") || OfficeObjects.HasEquationObject(data))
            {
                exploit = true;
                Add(new(DocumentThreatKind.Exploit, $"holds an Equation Editor object ({shown}), the way CVE-2017-11882 exploits run code when the document is opened{update}", $"\\object {shown}"));
            }

            if (IsClass(declared, stored, "OLE2Link") || OfficeObjects.HasUrlMoniker(data))
            {
                exploit = true;
                Add(new(DocumentThreatKind.Exploit, $"links an OLE object ({shown}) to a network address through a URL moniker, which fetches and runs it when the document is opened (CVE-2017-0199){update}", $"\\object {shown}"));
            }

            var files = OfficeObjects.PackagedFiles(data);
            var dangerous = files.FirstOrDefault(f => FileNames.Executable.Contains(FileNames.Extension(OfficeObjects.FileName(f))));
            if (dangerous is not null)
            {
                var file = OfficeObjects.FileName(dangerous);
                Add(new(DocumentThreatKind.DangerousPackage, $"embeds {file} (an OLE package), which runs when its icon is opened{update}", file));
            }
            else if (files.Count > 0 || IsClass(declared, stored, "Package"))
            {
                var file = files.Count > 0 ? OfficeObjects.FileName(files[0]) : "a file";
                Add(new(DocumentThreatKind.Package, $"embeds {file} (an OLE package), which Word writes to the temporary folder when the document is opened{update}", files.Count > 0 ? file : $"\\object {shown}"));
            }
            else if (o.Update && !exploit)
            {
                Add(new(DocumentThreatKind.ObjectUpdate, $"holds an OLE object ({shown}) that updates itself when the document is opened (\\objupdate): its program starts without a click", $"\\objupdate {shown}"));
            }
        }

        private void Add(DocumentThreat threat)
        {
            if (Findings.Count < MaxFindings && !Findings.Contains(threat))
            {
                Findings.Add(threat);
            }
        }

        private static bool IsClass(string declared, string stored, string prefix) =>
            declared.StartsWith(prefix, StringComparison.OrdinalIgnoreCase) || stored.StartsWith(prefix, StringComparison.OrdinalIgnoreCase);

        /// <summary>Returns the class name an OLE 1.0 object header stores (version, format, then a length-prefixed
        /// name), or an empty string.</summary>
        private static string HeaderClass(ReadOnlySpan<byte> data)
        {
            if (data.Length < 12)
            {
                return string.Empty;
            }

            var length = BinaryPrimitives.ReadUInt32LittleEndian(data[8..]);
            if (length is 0 or > MaxClassChars || 12 + length > data.Length)
            {
                return string.Empty;
            }

            var name = data.Slice(12, (int)length).TrimEnd((byte)0);
            return name.IndexOfAnyInRange((byte)0, (byte)0x20) >= 0 ? string.Empty : Encoding.Latin1.GetString(name);
        }

        private static int Hex(byte b) => b switch
        {
            >= (byte)'0' and <= (byte)'9' => b - '0',
            >= (byte)'a' and <= (byte)'f' => b - 'a' + 10,
            >= (byte)'A' and <= (byte)'F' => b - 'A' + 10,
            _ => -1,
        };
    }
}
