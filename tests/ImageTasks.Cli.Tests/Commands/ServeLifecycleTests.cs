using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using ImageTasks.Cli.Tests.Reliability;

namespace ImageTasks.Cli.Tests.Commands;

/// <summary>How <c>dotnet image serve</c> starts, refuses and stops, as a user runs it.</summary>
[Collection(ProcessCollection.Name)]
public sealed class ServeLifecycleTests
{
    [Fact]
    public async Task Serve_prints_the_address_it_got_answers_and_stops_cleanly_on_SIGTERM()
    {
        using var cli = new CliRunner();
        var info = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host ? host : "dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            ArgumentList = { typeof(CliApp).Assembly.Location, "serve", "--addr", "127.0.0.1:0" },
        };
        info.Environment["IMAGETASKS_HOME"] = cli.Store;
        using var serve = Process.Start(info)!;
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            var line = await serve.StandardOutput.ReadLineAsync(timeout.Token);
            Assert.StartsWith("Listening on 127.0.0.1:", line, StringComparison.Ordinal);
            var address = line!["Listening on ".Length..];
            Assert.NotEqual("127.0.0.1:0", address);

            using (var http = new HttpClient())
            {
                using var response = await http.GetAsync(new Uri($"http://{address}/v2/"), timeout.Token);
                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            }

            using (var kill = Process.Start(new ProcessStartInfo("kill") { ArgumentList = { "-TERM", serve.Id.ToString(System.Globalization.CultureInfo.InvariantCulture) } })!)
            {
                await kill.WaitForExitAsync(timeout.Token);
            }

            await serve.WaitForExitAsync(timeout.Token);
            Assert.Equal((0, "", ""), (serve.ExitCode, await serve.StandardOutput.ReadToEndAsync(timeout.Token), await serve.StandardError.ReadToEndAsync(timeout.Token)));
            using var closed = new TcpClient();
            await Assert.ThrowsAsync<SocketException>(async () => await closed.ConnectAsync(IPEndPoint.Parse(address), timeout.Token));
        }
        finally
        {
            if (!serve.HasExited)
            {
                serve.Kill(entireProcessTree: true);
            }
        }
    }

    [Theory]
    [InlineData("0.0.0.0:0", "Error: 0.0.0.0:0 is not a loopback address: serving there lets other machines read every image in the store; add --allow-remote", "IMG2021")]
    [InlineData(":5000", "Error: :5000 is not a loopback address", "IMG2021")]
    [InlineData("example.com:5000", "Error: invalid address \"example.com:5000\" to serve on: the host must be an IP address", "IMG2020")]
    [InlineData("127.0.0.1:70000", "Error: invalid address \"127.0.0.1:70000\" to serve on: the port must be a number from 0 to 65535", "IMG2020")]
    public async Task An_address_that_is_not_loopback_or_not_an_address_is_one_line_and_nothing_listens(string address, string expected, string code)
    {
        using var cli = new CliRunner();

        var (exit, output, error) = await cli.RunAsync("serve", "--addr", address);
        var debug = await cli.RunAsync("serve", "--debug", "--addr", address);

        Assert.Equal((1, ""), (exit, output));
        Assert.StartsWith(expected, error, StringComparison.Ordinal);
        Assert.Single(error.TrimEnd().Split('\n'));
        Assert.Contains($"DEBU {code}: ", debug.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_port_in_use_is_one_line_naming_the_address()
    {
        using var taken = new TcpListener(IPAddress.Loopback, 0);
        taken.Start();
        var address = $"127.0.0.1:{((IPEndPoint)taken.LocalEndpoint).Port}";
        using var cli = new CliRunner();

        var (exit, output, error) = await cli.RunAsync("serve", "--addr", address);

        Assert.Equal((1, ""), (exit, output));
        Assert.StartsWith($"Error: cannot listen on {address}: ", error, StringComparison.Ordinal);
        Assert.Contains("port 0 picks a free one", error, StringComparison.Ordinal);
        Assert.Single(error.TrimEnd().Split('\n'));
    }
}
