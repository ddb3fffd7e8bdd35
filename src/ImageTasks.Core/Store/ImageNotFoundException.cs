namespace ImageTasks.Core.Store;

/// <summary>Docker's "No such image: X".</summary>
public sealed class ImageNotFoundException : ImageTasksException
{
    public ImageNotFoundException(string name) : base($"No such image: {name}") => Name = name;

    public string Name { get; }
}
