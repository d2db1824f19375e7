namespace MspHub.SampleHub.Hosting;

/// <summary>
/// A secret the sample makes in its data folder on first run (the session signing key, the vault's key-encryption key),
/// readable and writable by its owner alone. On Windows the file takes the folder's access list instead.
/// </summary>
public static class SecretFile
{
    private const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    /// <summary>The file's text, written from <paramref name="create"/> first when there is no such file.</summary>
    public static string ReadOrCreate(string path, Func<string> create)
    {
        if (!File.Exists(path))
        {
            // Created owner-only (never wider for a moment) under a name of its own, then moved into place, so nobody reads
            // a half-written key; when another hub on the same folder moved its file first, that key is the one kept.
            var written = $"{path}.{Guid.NewGuid():N}.tmp";
            var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
            if (!OperatingSystem.IsWindows())
            {
                options.UnixCreateMode = OwnerOnly;
            }

            using (var writer = new StreamWriter(written, options))
            {
                writer.Write(create());
            }

            try
            {
                File.Move(written, path, overwrite: false);
            }
            catch (IOException) when (File.Exists(path))
            {
                File.Delete(written);
            }
        }

        return File.ReadAllText(path);
    }
}
