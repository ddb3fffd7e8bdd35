namespace ImageTasks.Core.Serving;

/// <summary>What the registry logic needs of an HTTP request, whatever server received it.</summary>
/// <param name="Method">the HTTP method, upper case</param>
/// <param name="Path">the path, percent-decoded except for <c>%2F</c> (as Kestrel gives it)</param>
/// <param name="PageSize">the query's <c>n</c> (catalog and tag list pages), if any</param>
/// <param name="PageAfter">the query's <c>last</c>, if any</param>
/// <param name="Range">the <c>Range</c> header, if any</param>
public sealed record ServeRequest(string Method, string Path, string? PageSize = null, string? PageAfter = null, string? Range = null)
{
    public bool IsRead => Method is "GET" or "HEAD";
}
