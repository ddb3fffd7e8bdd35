using System.Net;
using ImageTasks.Core.Diagnostics;

namespace ImageTasks.Core.Registry;

/// <summary>
/// A registry said no, or could not be reached. Carries the status, the method, the URL (without credentials) and the
/// registry's own error codes, so a face can word it the way Docker does.
/// </summary>
public sealed class RegistryException : ImageTasksException
{
    public RegistryException(string message, HttpStatusCode? statusCode = null, IReadOnlyList<string>? errorCodes = null, Exception? innerException = null)
        : base(DiagnosticCodes.RegistryFailure, message, innerException)
    {
        StatusCode = statusCode;
        ErrorCodes = errorCodes ?? [];
    }

    /// <summary>A failure around the registry that is not its answer (credentials that cannot be read or stored), with its own code.</summary>
    public RegistryException(DiagnosticCode code, string message, Exception? innerException = null)
        : base(code, message, innerException) => ErrorCodes = [];

    public HttpStatusCode? StatusCode { get; }

    /// <summary>The distribution error codes from the body (MANIFEST_UNKNOWN, NAME_UNKNOWN, UNAUTHORIZED, ...).</summary>
    public IReadOnlyList<string> ErrorCodes { get; }

    public bool IsNotFound => StatusCode == HttpStatusCode.NotFound;

    /// <summary>
    /// No answer because no connection: the name did not resolve, the connection was refused or not made within the
    /// connect timeout, or no TLS session could be set up (a captive portal, a proxy in the way). A registry that answered,
    /// even with an error or too slowly, was reached. An offline developer build falls back to the store on this.
    /// </summary>
    public bool IsUnreachable => IsConnectFailure(InnerException);

    internal static bool IsConnectFailure(Exception? exception)
    {
        for (var inner = exception; inner is not null; inner = inner.InnerException)
        {
            switch (inner)
            {
                case HttpRequestException { HttpRequestError: HttpRequestError.NameResolutionError or HttpRequestError.ConnectionError or HttpRequestError.SecureConnectionError or HttpRequestError.ProxyTunnelError }:
                case OperationCanceledException { InnerException: TimeoutException }: // SocketsHttpHandler's ConnectTimeout
                case RegistryException { IsUnreachable: true }:
                    return true;
            }
        }

        return false;
    }
}
