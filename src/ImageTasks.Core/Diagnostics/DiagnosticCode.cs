namespace ImageTasks.Core.Diagnostics;

/// <summary>
/// One IMGnnnn code and its one-line meaning, as the README's code table lists it. Codes are stable: CI logs, docs and
/// users' NoWarn lists name them, so a number is never reused for another meaning. Only <see cref="DiagnosticCodes"/>
/// makes them (the constructor is internal), so every code a user sees is in the catalogue.
/// </summary>
public sealed record DiagnosticCode
{
    internal DiagnosticCode(string id, string meaning)
    {
        Id = id;
        Meaning = meaning;
    }

    /// <summary>The code as printed: <c>IMG1001</c>.</summary>
    public string Id { get; }

    /// <summary>What it means, in the README's words (lower case, no final stop).</summary>
    public string Meaning { get; }

    public override string ToString() => Id;
}
