namespace ImageTasks.Core.Registry;

/// <summary>
/// The token server a registry sent us to could not be reached. Still an <see cref="HttpRequestException"/>, so the retry
/// layer retries it like any dropped connection; its message names the token URL, because the registry request that
/// needed the token did get an answer.
/// </summary>
internal sealed class TokenServerUnreachableException(string message, HttpRequestException innerException)
    : HttpRequestException(message, innerException);
