using ImageTasks.Core.Diagnostics;

namespace ImageTasks.Core.References;

/// <summary>
/// An image reference that does not follow Docker's grammar. The message is Docker's own wording
/// ("invalid reference format", "repository name must be lowercase", ...) so that users who know
/// <c>docker pull</c> recognise it and scripts that match on it keep working.
/// </summary>
public sealed class ReferenceFormatException : ImageTasksException
{
    public ReferenceFormatException(string message) : base(DiagnosticCodes.InvalidInput, message) { }

    public ReferenceFormatException(string message, Exception innerException) : base(DiagnosticCodes.InvalidInput, message, innerException) { }
}
