using ImageTasks.Core.Diagnostics;
using ImageTasks.Core.Pinning;
using ImageTasks.Core.Store;

namespace ImageTasks.Core.Tests.Diagnostics;

/// <summary>What a face makes of any exception: a coded one-line message, never a type name.</summary>
public sealed class FailuresTests
{
    [Fact]
    public void A_coded_failure_is_reported_as_it_is()
    {
        var failure = new ImageNotFoundException("alpine:3.19");

        Assert.Same(failure, Failures.Classify(failure, "hint"));
        Assert.Equal(DiagnosticCodes.ImageNotFound, failure.Code);
    }

    [Theory]
    [InlineData(typeof(UnauthorizedAccessException), "Access to the path '/ro/images.lock.json' is denied.")]
    [InlineData(typeof(IOException), "No space left on device : '/full/images.lock.json'")]
    [InlineData(typeof(DirectoryNotFoundException), "Could not find a part of the path '/gone/images.lock.json'.")]
    public void A_refused_file_operation_is_a_file_access_failure_naming_the_path(Type type, string message)
    {
        var cause = (Exception)Activator.CreateInstance(type, message)!;

        var failure = Failures.Classify(cause, "hint");

        Assert.Equal(DiagnosticCodes.FileAccess, failure.Code);
        Assert.Same(cause, failure.InnerException);
        Assert.StartsWith(message.TrimEnd('.'), failure.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(type.Name, failure.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("hint", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unexpected_exception_is_an_internal_error_without_its_type_and_with_the_hint()
    {
        var cause = new InvalidOperationException("Sequence contains no elements\nat line two");

        var failure = Failures.Classify(cause, "run with --debug for details");

        Assert.Equal(DiagnosticCodes.Internal, failure.Code);
        Assert.Equal("internal error: Sequence contains no elements at line two; run with --debug for details", failure.Message);
        Assert.Same(cause, failure.InnerException);
    }

    [Fact]
    public void A_setting_outside_its_values_lists_them_as_before()
    {
        var error = PinningErrors.InvalidSetting("ImageTagMutation", "Loud", Enum.GetNames<TagMutationPolicy>());

        Assert.Equal(DiagnosticCodes.InvalidInput, error.Code);
        Assert.Equal("ImageTagMutation 'Loud' is not valid. Valid values are Error, Warning and None.", error.Message);
    }

    [Fact]
    public void A_lock_that_cannot_be_written_names_the_file_the_cause_and_the_fix()
    {
        var error = PinningErrors.LockUnwritable("/ro/images.lock.json", new UnauthorizedAccessException("Access to the path '/ro/images.lock.json.tmp' is denied."));

        Assert.Equal(DiagnosticCodes.LockUnwritable, error.Code);
        Assert.Equal(
            "cannot write /ro/images.lock.json: Access to the path '/ro/images.lock.json.tmp' is denied: make its folder writable, or set ImageLockFile to a writable path",
            error.Message);
    }
}
