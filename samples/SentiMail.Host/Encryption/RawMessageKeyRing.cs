using System.Globalization;
using System.Security.Cryptography;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;

namespace SentiMail.Host.Encryption;

/// <summary>Builds the <see cref="RawMessageProtector"/> from configuration and key files, generating a key on first run.</summary>
internal static partial class RawMessageKeyRing
{
    private const string KeyFileExtension = ".key";
    private const UnixFileMode OwnerOnlyDirectory = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;

    /// <summary>Loads the keys (and generates one when there is none and generation is allowed).</summary>
    /// <param name="options">The encryption options.</param>
    /// <param name="dataDirectory">The storage data folder (absolute).</param>
    /// <param name="timeProvider">The clock, for the generated key's id.</param>
    /// <param name="logger">Where to log a generated key.</param>
    /// <returns>The protector.</returns>
    /// <exception cref="OptionsValidationException">A key is malformed, the active key is unknown, or there is no key and generation is off.</exception>
    public static RawMessageProtector Load(RawMessageEncryptionOptions options, string dataDirectory, TimeProvider timeProvider, ILogger logger)
    {
        var errors = new List<string>();
        var keys = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        foreach (var (id, value) in options.Keys)
        {
            AddKey(keys, errors, id, value, $"Encryption:Keys:{id}");
        }

        var directory = KeyDirectory(options, dataDirectory);
        var fileIds = new List<string>();
        if (Directory.Exists(directory))
        {
            foreach (var file in Directory.EnumerateFiles(directory, "*" + KeyFileExtension))
            {
                var id = Path.GetFileNameWithoutExtension(file);
                if (!keys.ContainsKey(id) && AddKey(keys, errors, id, File.ReadAllText(file).Trim(), file))
                {
                    fileIds.Add(id);
                }
            }
        }

        if (errors.Count > 0)
        {
            throw new OptionsValidationException(RawMessageEncryptionOptions.SectionName, typeof(RawMessageEncryptionOptions), errors);
        }

        if (keys.Count == 0)
        {
            if (!options.GenerateKeyIfMissing)
            {
                throw new OptionsValidationException(RawMessageEncryptionOptions.SectionName, typeof(RawMessageEncryptionOptions),
                    ["No raw-message encryption key: set Encryption:Keys:<id> and Encryption:ActiveKeyId, or allow Encryption:GenerateKeyIfMissing."]);
            }

            var (id, path) = Generate(directory, timeProvider);
            keys[id] = Convert.FromBase64String(File.ReadAllText(path).Trim());
            HostLog.EncryptionKeyGenerated(logger, id, path);
            return new RawMessageProtector(keys, id);
        }

        var active = options.ActiveKeyId;
        if (string.IsNullOrEmpty(active))
        {
            if (options.Keys.Count > 1)
            {
                throw new OptionsValidationException(RawMessageEncryptionOptions.SectionName, typeof(RawMessageEncryptionOptions),
                    ["Several keys are configured in Encryption:Keys: set Encryption:ActiveKeyId to the one that seals new messages."]);
            }

            // One configured key wins; otherwise the greatest file id (generated ids start with the date).
            active = options.Keys.Count == 1 ? options.Keys.Keys.First() : fileIds.Max(StringComparer.Ordinal)!;
        }
        else if (!keys.ContainsKey(active))
        {
            throw new OptionsValidationException(RawMessageEncryptionOptions.SectionName, typeof(RawMessageEncryptionOptions),
                [$"Encryption:ActiveKeyId '{active}' is not among the known keys ({string.Join(", ", keys.Keys)})."]);
        }

        return new RawMessageProtector(keys, active);
    }

    /// <summary>Gets the key folder: <see cref="RawMessageEncryptionOptions.KeyDirectory"/> or <c>keys</c> under the data folder.</summary>
    /// <param name="options">The options.</param>
    /// <param name="dataDirectory">The data folder.</param>
    /// <returns>An absolute path.</returns>
    public static string KeyDirectory(RawMessageEncryptionOptions options, string dataDirectory) =>
        Path.GetFullPath(string.IsNullOrWhiteSpace(options.KeyDirectory) ? Path.Combine(dataDirectory, "keys") : options.KeyDirectory, dataDirectory);

    /// <summary>Writes a new random key file readable by its owner only.</summary>
    /// <param name="directory">The key folder (created with mode 0700 if missing).</param>
    /// <param name="timeProvider">The clock, for the id.</param>
    /// <returns>The new key id and file path.</returns>
    public static (string Id, string Path) Generate(string directory, TimeProvider timeProvider)
    {
        CreatePrivateDirectory(directory);
        var id = string.Create(CultureInfo.InvariantCulture,
            $"{timeProvider.GetUtcNow():yyyyMMdd}-{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4))}");
        var path = Path.Combine(directory, id + KeyFileExtension);
        var key = RandomNumberGenerator.GetBytes(RawMessageProtector.KeyLength);
        var fileOptions = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, Share = FileShare.None };
        if (!OperatingSystem.IsWindows())
        {
            fileOptions.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        using (var writer = new StreamWriter(path, System.Text.Encoding.ASCII, fileOptions))
        {
            writer.Write(Convert.ToBase64String(key));
        }

        CryptographicOperations.ZeroMemory(key);
        return (id, path);
    }

    /// <summary>
    /// Creates a folder readable by its owner only (mode 0700 on Unix), or makes an existing one so: creating a folder
    /// leaves an existing one's mode as it is. A folder of another owner (a volume's root that Kubernetes gives the
    /// pod's group with <c>fsGroup</c>) cannot be changed and keeps its mode; the files the host writes in it are 0600.
    /// </summary>
    /// <param name="directory">The folder.</param>
    /// <returns><see langword="true"/> when the folder is the owner's only (always on Windows, where nothing is changed).</returns>
    public static bool CreatePrivateDirectory(string directory)
    {
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(directory);
            return true;
        }

        var info = Directory.CreateDirectory(directory, OwnerOnlyDirectory);
        if ((info.UnixFileMode & ~OwnerOnlyDirectory) == 0)
        {
            return true;
        }

        try
        {
            info.UnixFileMode = OwnerOnlyDirectory;
            return true;
        }
        catch (UnauthorizedAccessException)
        {
            // Not the folder's owner (EPERM).
            return false;
        }
    }

    private static bool AddKey(Dictionary<string, byte[]> keys, List<string> errors, string id, string base64, string source)
    {
        if (!KeyIdPattern().IsMatch(id))
        {
            errors.Add($"{source}: the key id must be 1 to 64 letters, digits, '-' or '_'.");
            return false;
        }

        var buffer = new byte[RawMessageProtector.KeyLength + 1];
        if (!Convert.TryFromBase64String(base64, buffer, out var length) || length != RawMessageProtector.KeyLength)
        {
            errors.Add($"{source}: the key must be base64 of exactly {RawMessageProtector.KeyLength} bytes (e.g. `openssl rand -base64 32`).");
            return false;
        }

        keys[id] = buffer[..length];
        return true;
    }

    [GeneratedRegex("^[A-Za-z0-9_-]{1,64}$", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 100)]
    private static partial Regex KeyIdPattern();
}
