namespace ImageTasks.Core.Manifests;

/// <summary>A manifest, index or config that cannot be used: unknown or contradictory type, schema1, malformed JSON.</summary>
public sealed class ManifestException : ImageTasksException
{
    public ManifestException(string message) : base(message) { }

    public ManifestException(string message, Exception innerException) : base(message, innerException) { }
}
