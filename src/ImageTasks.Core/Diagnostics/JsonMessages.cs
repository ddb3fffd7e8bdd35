using System.Text.Json;

namespace ImageTasks.Core.Diagnostics;

/// <summary>
/// A <see cref="JsonException"/> worded for the person who wrote the JSON. System.Text.Json names the .NET type it wanted
/// ("could not be converted to System.Collections.Generic.List`1[...]"), which means nothing to a user and breaks the
/// rule that no type name reaches one; this says which value, where, and keeps the reader's own syntax messages.
/// </summary>
public static class JsonMessages
{
    public static string Describe(JsonException exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        var where = exception.Path is null ? "" : $" at {exception.Path}";
        var position = exception.LineNumber is { } line ? $" (line {line + 1}, byte {exception.BytePositionInLine + 1})" : "";
        return exception.Message.Contains("System.", StringComparison.Ordinal) || exception.Message.Contains("ImageTasks.", StringComparison.Ordinal)
            ? $"a value{where} has the wrong type{position}"
            : exception.Message;
    }
}
