namespace ImageTasks.Core.Store;

/// <summary>The local store cannot do what was asked: a digest mismatch, a lock held too long, a damaged index.</summary>
public sealed class StoreException : ImageTasksException
{
    public StoreException(string message) : base(message) { }

    public StoreException(string message, Exception innerException) : base(message, innerException) { }
}
