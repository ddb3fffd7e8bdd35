using ImageTasks.Core.Serving;

namespace ImageTasks.Core.Diagnostics;

/// <summary>Why <c>dotnet image serve</c> (and the build's offline publishing, which runs it) cannot serve the store.</summary>
public static class ServeErrors
{
    /// <summary>An address that is not <c>IP:PORT</c>, <c>localhost:PORT</c> or <c>:PORT</c>.</summary>
    public static ServeException InvalidAddress(string address, string rule) => new(DiagnosticCodes.ServeAddressUnusable,
        $"invalid address \"{address}\" to serve on: {rule}");

    /// <summary>The operating system refused to listen there: in use, or not an address of this machine.</summary>
    public static ServeException CannotListen(string address, Exception cause) => new(DiagnosticCodes.ServeAddressUnusable,
        $"cannot listen on {address}: {Failures.Describe(cause)}: choose another port (port 0 picks a free one) or an address of this machine", cause);

    /// <summary>A non-loopback address without the flag that says the network may reach the store.</summary>
    public static ServeException NotLoopback(string address) => new(DiagnosticCodes.ServeNotLoopback,
        $"{address} is not a loopback address: serving there lets other machines read every image in the store; add --allow-remote to do so (it stays read-only)");

    /// <summary>The build's store server did not come up, so the SDK's container publishing would reach for the network.</summary>
    public static ServeException OfflinePublishUnserved(string baseImage, string why) => new(DiagnosticCodes.OfflinePublishUnserved,
        $"cannot publish on {baseImage} offline: the image store could not be served to the SDK's container publishing: {why}");
}
