using ImageTasks.Core.Registry;

namespace ImageTasks.Core.Tests.Registry;

public sealed class RegistryEndpointTests
{
    [Theory]
    [InlineData("docker.io", "", "https://registry-1.docker.io/")]
    [InlineData("localhost:5000", "", "http://localhost:5000/")]
    [InlineData("localhost", "", "http://localhost/")]
    [InlineData("127.0.0.1:5000", "", "http://127.0.0.1:5000/")]
    [InlineData("127.9.8.7:443", "", "http://127.9.8.7:443/")]
    [InlineData("[::1]:5000", "", "http://[::1]:5000/")]
    [InlineData("ghcr.io", "", "https://ghcr.io/")]
    [InlineData("[fc00::1]:5000", "", "https://[fc00::1]:5000/")]
    [InlineData("registry.local:5000", "other:1, registry.local:5000", "http://registry.local:5000/")]
    [InlineData("registry.local:5001", "registry.local:5000", "https://registry.local:5001/")]
    public void Scheme_is_https_except_for_loopback_and_insecure_registries(string domain, string insecure, string expected)
    {
        var options = RegistryOptions.FromEnvironment(name => name == "IMAGETASKS_INSECURE_REGISTRIES" ? insecure : null);
        Assert.Equal(expected, RegistryEndpoint.BaseUri(domain, options).ToString());
    }

    [Theory]
    [InlineData("https://host/v2/x/blobs/sha256:1?X-Amz-Signature=abc&ok=1", "https://host/v2/x/blobs/sha256:1?X-Amz-Signature=[redacted]&ok=1")]
    [InlineData("https://auth/token?service=s&refresh_token=secret", "https://auth/token?service=s&refresh_token=[redacted]")]
    [InlineData("https://user:pass@host/v2/", "https://host/v2/")]
    public void Debug_log_redacts_secrets_in_urls(string url, string expected)
    {
        Assert.Equal(expected, DebugLogHandler.Redact(new Uri(url)));
    }
}
