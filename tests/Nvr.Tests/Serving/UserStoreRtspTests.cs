using Nvr.Configuration;
using Nvr.Rtsp.Auth;
using Nvr.Rtsp.Server;
using Nvr.Security;

namespace Nvr.Tests.Serving;

/// <summary>The configured users as the RTSP server sees them: the HA1 values <see cref="RtspUser.FromPassword"/> computes, for realm "nvr" only.</summary>
public sealed class UserStoreRtspTests
{
    [Fact]
    public void Ha1_values_equal_the_servers_own_and_the_password_is_gone()
    {
        var options = new NvrOptions { Users = [new UserOptions { Name = "viewer", Password = "p@ss word 1" }] };
        var store = new UserStore(options);
        var expected = RtspUser.FromPassword("viewer", UserStore.Realm, "p@ss word 1");

        Assert.Null(options.Users[0].Password);
        Assert.Equal(expected.Md5Ha1, store.FindHa1("viewer", "nvr", DigestAlgorithm.Md5));
        Assert.Equal(expected.Md5Ha1, store.FindHa1("viewer", "nvr", DigestAlgorithm.Md5Sess));
        Assert.Equal(expected.Sha256Ha1, store.FindHa1("viewer", "nvr", DigestAlgorithm.Sha256));
        Assert.Equal(expected.Sha256Ha1, store.FindHa1("viewer", "nvr", DigestAlgorithm.Sha256Sess));
        Assert.Equal(32, expected.Md5Ha1!.Length);
        Assert.Null(store.FindHa1("viewer", "Nvr", DigestAlgorithm.Md5));
        Assert.Null(store.FindHa1("nobody", "nvr", DigestAlgorithm.Md5));
        Assert.True(store.Verify("viewer", "p@ss word 1"));
    }
}
