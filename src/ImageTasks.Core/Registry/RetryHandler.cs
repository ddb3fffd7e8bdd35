using System.Net;

namespace ImageTasks.Core.Registry;

/// <summary>
/// Retries what a retry may fix: 429 (waiting as long as Retry-After says), 5xx, and connections that drop or fail before
/// an answer, with exponential backoff. Other failures go straight back to the caller.
/// </summary>
internal sealed class RetryHandler : DelegatingHandler
{
    private readonly RegistryOptions _options;

    public RetryHandler(RegistryOptions options, HttpMessageHandler inner) : base(inner) => _options = options;

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            var last = attempt >= _options.MaxAttempts || request.Content is not null
                || (request.Options.TryGetValue(RegistryRequest.SingleAttempt, out var single) && single);
            HttpResponseMessage response;
            try
            {
                response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
            }
            catch (HttpRequestException e) when (!last && !cancellationToken.IsCancellationRequested && (_options.RetryUnreachable || !RegistryException.IsConnectFailure(e)))
            {
                await Task.Delay(Backoff(attempt), cancellationToken).ConfigureAwait(false);
                continue;
            }

            if (last || !IsRetryable(response.StatusCode))
            {
                return response;
            }

            var delay = RetryAfter(response) ?? Backoff(attempt);
            if (delay > _options.MaxRetryAfter)
            {
                return response;
            }

            response.Dispose();
            await Task.Delay(delay, cancellationToken).ConfigureAwait(false);
        }
    }

    public static bool IsRetryable(HttpStatusCode status) =>
        status is HttpStatusCode.TooManyRequests or HttpStatusCode.InternalServerError or HttpStatusCode.BadGateway
            or HttpStatusCode.ServiceUnavailable or HttpStatusCode.GatewayTimeout;

    public TimeSpan Backoff(int attempt) => _options.RetryBaseDelay * Math.Pow(2, attempt - 1);

    private static TimeSpan? RetryAfter(HttpResponseMessage response)
    {
        var header = response.Headers.RetryAfter;
        if (header?.Delta is { } delta)
        {
            return delta;
        }

        if (header?.Date is { } date)
        {
            var wait = date - DateTimeOffset.UtcNow;
            return wait > TimeSpan.Zero ? wait : TimeSpan.Zero;
        }

        return null;
    }
}
