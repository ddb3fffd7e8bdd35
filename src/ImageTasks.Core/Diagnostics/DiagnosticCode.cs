namespace ImageTasks.Core.Diagnostics;

/// <summary>
/// One IMGnnnn code and its one-line meaning, as the README's code table lists it. Codes are stable: CI logs, docs and
/// users' NoWarn lists name them, so a number is never reused for another meaning.
/// </summary>
/// <param name="Id">the code as printed: <c>IMG1001</c></param>
/// <param name="Meaning">what it means, in the README's words (lower case, no final stop)</param>
public sealed record DiagnosticCode(string Id, string Meaning)
{
    public override string ToString() => Id;
}
