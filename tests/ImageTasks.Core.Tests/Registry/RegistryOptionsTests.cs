using ImageTasks.Core.Registry;

namespace ImageTasks.Core.Tests.Registry;

/// <summary>Timeouts and certificate folders as the environment sets them.</summary>
public sealed class RegistryOptionsTests
{
    [Fact]
    public void The_defaults_let_a_slow_but_live_registry_through()
    {
        var options = RegistryOptions.FromEnvironment(_ => null);

        Assert.Equal(TimeSpan.FromSeconds(15), options.ConnectTimeout);
        Assert.Equal(TimeSpan.FromSeconds(30), options.ResponseHeadersTimeout);
        Assert.Equal(TimeSpan.FromSeconds(30), options.ReadIdleTimeout);
        Assert.Equal(RegistryOptions.DockerCertificateDirectory, options.CertificateDirectories[^1]);
    }

    [Fact]
    public void IMAGETASKS_TIMEOUT_sets_the_headers_and_idle_timeouts_and_IMAGETASKS_HOME_the_first_certs_d()
    {
        var options = RegistryOptions.FromEnvironment(name => name switch
        {
            "IMAGETASKS_TIMEOUT" => "90",
            "IMAGETASKS_HOME" => "/srv/images",
            _ => null,
        });

        Assert.Equal(TimeSpan.FromSeconds(90), options.ResponseHeadersTimeout);
        Assert.Equal(TimeSpan.FromSeconds(90), options.ReadIdleTimeout);
        Assert.Equal(["/srv/images/certs.d", RegistryOptions.DockerCertificateDirectory], options.CertificateDirectories);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("-5")]
    [InlineData("1.5")]
    [InlineData("abc")]
    [InlineData("86401")]
    public void A_timeout_that_is_not_a_whole_number_of_seconds_is_refused_naming_its_source(string text)
    {
        var error = Assert.Throws<RegistryException>(() => RegistryOptions.FromEnvironment(name => name == "IMAGETASKS_TIMEOUT" ? text : null));

        Assert.Equal($"IMAGETASKS_TIMEOUT must be a whole number of seconds from 1 to 86400, not '{text}'", error.Message);
    }
}
