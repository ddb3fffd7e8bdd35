namespace ImageTasks.Testing;

/// <summary>One line of the registry's combined-format access log.</summary>
public sealed record AccessLogEntry(string Method, string Uri, int Status, long Bytes, string UserAgent);
