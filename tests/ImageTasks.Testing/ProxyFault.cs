namespace ImageTasks.Testing;

/// <summary>What <see cref="FaultProxy"/> does to a request matched by a <see cref="FaultRule"/>.</summary>
public abstract record ProxyFault
{
    /// <summary>429 with Retry-After in seconds; the request never reaches the registry.</summary>
    public static ProxyFault TooManyRequests(int retryAfterSeconds) => new StatusFault(429, retryAfterSeconds);

    /// <summary>Any status (500, 503, ...) with an optional Retry-After; the request never reaches the registry.</summary>
    public static ProxyFault Status(int statusCode, int? retryAfterSeconds = null) => new StatusFault(statusCode, retryAfterSeconds);

    /// <summary>Forwards, sends the real headers (with the full Content-Length) but only <paramref name="bytes"/> body bytes, then closes the connection.</summary>
    public static ProxyFault CloseAfterBytes(long bytes) => new CloseAfterBytesFault(bytes);

    /// <summary>Answers a redirect to the same path and query on <paramref name="authority"/> ("host:port").</summary>
    public static ProxyFault Redirect(string authority, int statusCode = 307) => new RedirectFault(authority, statusCode);

    /// <summary>Waits, then forwards normally.</summary>
    public static ProxyFault Delay(TimeSpan duration) => new DelayFault(duration);

    /// <summary>Forwards with the real headers and length, but every byte of the body inverted: content that lies about its digest.</summary>
    public static ProxyFault CorruptBody() => new CorruptBodyFault();

    /// <summary>Forwards, but sends the body at about <paramref name="bytesPerSecond"/> (so a client can be stopped mid-stream).</summary>
    public static ProxyFault Throttle(long bytesPerSecond) => new ThrottleFault(bytesPerSecond);
}

public sealed record StatusFault(int StatusCode, int? RetryAfterSeconds = null) : ProxyFault;

public sealed record CloseAfterBytesFault(long Bytes) : ProxyFault;

public sealed record RedirectFault(string Authority, int StatusCode = 307) : ProxyFault;

public sealed record DelayFault(TimeSpan Duration) : ProxyFault;

public sealed record ThrottleFault(long BytesPerSecond) : ProxyFault;

public sealed record CorruptBodyFault : ProxyFault;
