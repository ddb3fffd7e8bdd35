using ImageTasks.Core.Diagnostics;
using ImageTasks.Core.Registry;

namespace ImageTasks.Core.Images;

/// <summary>A source does not hold a manifest or blob; a chain of sources moves on to the next one.</summary>
public sealed class ContentNotFoundException : ImageTasksException
{
    public ContentNotFoundException(string message) : base(DiagnosticCodes.StoreUnusable, message) { }

    /// <summary>Whether a source's failure means only "not here": this exception, or a registry's 404.</summary>
    public static bool IsMissing(Exception e) => e is ContentNotFoundException or RegistryException { IsNotFound: true };
}
