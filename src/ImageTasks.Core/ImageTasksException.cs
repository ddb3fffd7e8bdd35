namespace ImageTasks.Core;

/// <summary>
/// The base of every failure the engine reports to a user. Its message is one line that names the input,
/// the rule it broke and, where there is one, the fix; faces print it as it is.
/// </summary>
public class ImageTasksException : Exception
{
    public ImageTasksException(string message) : base(message) { }

    public ImageTasksException(string message, Exception innerException) : base(message, innerException) { }
}
