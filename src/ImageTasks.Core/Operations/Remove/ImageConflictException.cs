using ImageTasks.Core.Diagnostics;

namespace ImageTasks.Core.Operations.Remove;

/// <summary>Removing would break something (several repositories, a project using it); <c>-f</c> overrides.</summary>
public sealed class ImageConflictException : ImageTasksException
{
    public ImageConflictException(string message) : base(DiagnosticCodes.RemoveConflict, message) { }
}
