using ImageTasks.Core.Diagnostics;

namespace ImageTasks.Core.Store;

/// <summary>Docker's "No such image: X".</summary>
public sealed class ImageNotFoundException : ImageTasksException
{
    public ImageNotFoundException(string name) : base(DiagnosticCodes.ImageNotFound, $"No such image: {name}") => Name = name;

    public string Name { get; }
}
