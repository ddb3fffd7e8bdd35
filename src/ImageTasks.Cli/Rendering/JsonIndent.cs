using System.Buffers;

namespace ImageTasks.Cli.Rendering;

/// <summary>
/// Go's json.Indent: re-indents JSON bytes without re-serialising them, so key order, number spelling and string escapes
/// stay exactly as the registry sent them. Docker prints manifests this way; System.Text.Json would re-escape strings.
/// </summary>
internal static class JsonIndent
{
    private static readonly byte[] Html = "<>&"u8.ToArray();

    /// <param name="json">valid JSON (insignificant whitespace is dropped)</param>
    /// <param name="indent">one level of indentation: "\t" or "   "</param>
    /// <param name="escapeHtml">escape &lt; &gt; &amp; U+2028 U+2029 inside strings, as Go's json.Marshal does for what a
    /// Marshaler returns (manifest inspect -v embeds manifests that way)</param>
    public static byte[] Indent(ReadOnlySpan<byte> json, string indent, bool escapeHtml = false)
    {
        var output = new ArrayBufferWriter<byte>(json.Length * 2);
        var indentBytes = System.Text.Encoding.UTF8.GetBytes(indent);
        var depth = 0;
        var needIndent = false; // set after { or [: an empty object or array stays {} or []
        var inString = false;
        for (var i = 0; i < json.Length; i++)
        {
            var c = json[i];
            if (inString)
            {
                if (c == '\\')
                {
                    output.Write(json.Slice(i, 2));
                    i++;
                }
                else if (escapeHtml && Html.Contains(c))
                {
                    output.Write(System.Text.Encoding.ASCII.GetBytes($"\\u00{c:x2}"));
                }
                else if (escapeHtml && c == 0xE2 && i + 2 < json.Length && json[i + 1] == 0x80 && json[i + 2] is 0xA8 or 0xA9)
                {
                    output.Write(json[i + 2] == 0xA8 ? "\\u2028"u8 : "\\u2029"u8);
                    i += 2;
                }
                else
                {
                    output.Write([c]);
                    inString = c != '"';
                }

                continue;
            }

            if (c is (byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n')
            {
                continue;
            }

            if (needIndent && c != '}' && c != ']')
            {
                needIndent = false;
                depth++;
                NewLine(output, indentBytes, depth);
            }

            switch (c)
            {
                case (byte)'{' or (byte)'[':
                    needIndent = true;
                    output.Write([c]);
                    break;
                case (byte)',':
                    output.Write([c]);
                    NewLine(output, indentBytes, depth);
                    break;
                case (byte)':':
                    output.Write(": "u8);
                    break;
                case (byte)'}' or (byte)']':
                    if (needIndent)
                    {
                        needIndent = false;
                    }
                    else
                    {
                        depth--;
                        NewLine(output, indentBytes, depth);
                    }

                    output.Write([c]);
                    break;
                default:
                    inString = c == '"';
                    output.Write([c]);
                    break;
            }
        }

        return output.WrittenSpan.ToArray();
    }

    private static void NewLine(ArrayBufferWriter<byte> output, byte[] indent, int depth)
    {
        output.Write("\n"u8);
        for (var i = 0; i < depth; i++)
        {
            output.Write(indent);
        }
    }
}
