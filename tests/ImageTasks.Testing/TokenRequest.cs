namespace ImageTasks.Testing;

/// <summary>
/// One <c>GET /token</c> as <see cref="TokenServer"/> received it, and what it answered. The password is never kept:
/// only whether Basic credentials came and the user name they carried.
/// </summary>
public sealed record TokenRequest(
    long Sequence,
    string? Service,
    IReadOnlyList<string> Scopes,
    string? Account,
    bool HasBasicCredentials,
    string? BasicUsername,
    int StatusCode,
    IReadOnlyList<TokenAccess> Granted,
    string? Token,
    DateTimeOffset ReceivedAt)
{
    public bool Succeeded => StatusCode == 200;
}
