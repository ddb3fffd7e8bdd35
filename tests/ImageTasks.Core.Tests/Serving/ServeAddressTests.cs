using System.Net;
using ImageTasks.Core.Diagnostics;
using ImageTasks.Core.Serving;

namespace ImageTasks.Core.Tests.Serving;

public sealed class ServeAddressTests
{
    [Theory]
    [InlineData("127.0.0.1:5000", "127.0.0.1:5000", true)]
    [InlineData("127.0.0.1:0", "127.0.0.1:0", true)]
    [InlineData("localhost:8080", "127.0.0.1:8080", true)]
    [InlineData("[::1]:5000", "[::1]:5000", true)]
    [InlineData("127.1.2.3:5000", "127.1.2.3:5000", true)]
    [InlineData(":5000", "0.0.0.0:5000", false)]
    [InlineData("0.0.0.0:5000", "0.0.0.0:5000", false)]
    [InlineData("192.168.1.20:5000", "192.168.1.20:5000", false)]
    [InlineData("[::]:5000", "[::]:5000", false)]
    public void Addresses_parse_to_an_endpoint_and_know_whether_they_are_loopback(string text, string endpoint, bool loopback)
    {
        var address = ServeAddress.Parse(text);

        Assert.Equal(IPEndPoint.Parse(endpoint), address.Endpoint);
        Assert.Equal(loopback, address.IsLoopback);
    }

    [Theory]
    [InlineData("5000", "expected HOST:PORT")]
    [InlineData("127.0.0.1:", "the port must be a number")]
    [InlineData("127.0.0.1:65536", "the port must be a number")]
    [InlineData("127.0.0.1:-1", "the port must be a number")]
    [InlineData("example.com:5000", "the host must be an IP address")]
    [InlineData("::1:5000", "the host must be an IP address")]
    [InlineData("[127.0.0.1]:5000", "the host must be an IP address")]
    public void Anything_else_is_refused_with_the_rule(string text, string rule)
    {
        var error = Assert.Throws<ServeException>(() => ServeAddress.Parse(text));

        Assert.Equal(DiagnosticCodes.ServeAddressUnusable, error.Code);
        Assert.StartsWith($"invalid address \"{text}\" to serve on: {rule}", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_non_loopback_address_needs_to_be_allowed()
    {
        var refused = Assert.Throws<ServeException>(() => ServeAddress.ForServing("0.0.0.0:5000", allowRemote: false));

        Assert.Equal(DiagnosticCodes.ServeNotLoopback, refused.Code);
        Assert.Contains("--allow-remote", refused.Message, StringComparison.Ordinal);
        Assert.False(ServeAddress.ForServing("0.0.0.0:5000", allowRemote: true).IsLoopback);
        Assert.True(ServeAddress.ForServing("127.0.0.1:5000", allowRemote: false).IsLoopback);
    }
}
