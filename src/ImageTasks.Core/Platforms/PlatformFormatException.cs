using System.Text;
using ImageTasks.Core.Diagnostics;

namespace ImageTasks.Core.Platforms;

/// <summary>
/// A platform specifier could not be parsed. The message is one line naming the input, the rule it broke and
/// the valid forms, e.g. <c>invalid platform "linux/": the architecture is empty; expected os/arch[/variant] such as linux/amd64 or linux/arm64/v8</c>.
/// </summary>
public sealed class PlatformFormatException : ImageTasksException
{
    /// <summary>The forms every message ends with, so a user sees what to type instead.</summary>
    internal const string ExpectedForms = "expected os/arch[/variant] such as linux/amd64 or linux/arm64/v8";

    // Long garbage (a pasted file, say) would drown the message; the start is enough to recognise it.
    private const int MaxQuotedLength = 80;

    public PlatformFormatException(string input, string reason)
        : base(DiagnosticCodes.InvalidInput, $"invalid platform {Quote(input)}: {reason}; {ExpectedForms}")
    {
        Input = input;
        Reason = reason;
    }

    /// <summary>The text that failed to parse, as given.</summary>
    public string Input { get; }

    /// <summary>The rule the input broke, without the input or the expected forms.</summary>
    public string Reason { get; }

    /// <summary>Quotes <paramref name="value"/> for a one-line message: control characters are escaped.</summary>
    internal static string Quote(string? value)
    {
        if (value is null)
        {
            return "null";
        }

        var text = value.Length > MaxQuotedLength ? value[..MaxQuotedLength] : value;
        var builder = new StringBuilder(text.Length + 8).Append('"');
        foreach (var c in text)
        {
            switch (c)
            {
                case '"': builder.Append("\\\""); break;
                case '\\': builder.Append("\\\\"); break;
                case '\n': builder.Append("\\n"); break;
                case '\r': builder.Append("\\r"); break;
                case '\t': builder.Append("\\t"); break;
                default:
                    if (char.IsControl(c))
                    {
                        builder.Append("\\u").Append(((int)c).ToString("x4", System.Globalization.CultureInfo.InvariantCulture));
                    }
                    else
                    {
                        builder.Append(c);
                    }

                    break;
            }
        }

        builder.Append('"');
        if (text.Length < value.Length)
        {
            builder.Append("...");
        }

        return builder.ToString();
    }
}
