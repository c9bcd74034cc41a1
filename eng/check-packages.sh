#!/usr/bin/env bash
# Packs the NuGet packages and proves that what users reference works: a tiny consumer project, outside this
# repository, references SentiMail.Core from a local folder feed and analyses a sample message; the sentimail
# dotnet tool is installed from the same feed and run.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
feed="$root/artifacts/packages"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

rm -rf "$feed"
dotnet pack "$root/src/SentiMail.Core/SentiMail.Core.csproj" -c Release -o "$feed" --nologo -v quiet
dotnet pack "$root/src/SentiMail.AspNetCore/SentiMail.AspNetCore.csproj" -c Release -o "$feed" --nologo -v quiet
dotnet pack "$root/src/SentiMail.MachineLearning/SentiMail.MachineLearning.csproj" -c Release -o "$feed" --nologo -v quiet
dotnet pack "$root/src/SentiMail.Kubernetes/SentiMail.Kubernetes.csproj" -c Release -o "$feed" --nologo -v quiet
dotnet pack "$root/samples/SentiMail.Cli/SentiMail.Cli.csproj" -c Release -o "$feed" --nologo -v quiet

core_pkg="$(ls "$feed"/SentiMail.Core.*.nupkg | grep -v snupkg | head -n1)"
version="$(basename "$core_pkg" .nupkg)"; version="${version#SentiMail.Core.}"
for package in SentiMail.Core SentiMail.AspNetCore SentiMail.MachineLearning SentiMail.Kubernetes; do
  nupkg="$feed/$package.$version.nupkg"
  [ -f "$nupkg" ] || { echo "check-packages: $package was not packed" >&2; exit 1; }
  [ -f "$feed/$package.$version.snupkg" ] || { echo "check-packages: no symbol package for $package" >&2; exit 1; }
  grep -aq "README.md" "$nupkg" || { echo "check-packages: $package has no README" >&2; exit 1; }
done
# The trained model ships inside the MachineLearning assembly; SentiMail.Core must not depend on ML.NET.
unzip -p "$feed/SentiMail.MachineLearning.$version.nupkg" lib/net10.0/SentiMail.MachineLearning.dll | grep -a "sentimail-spam-model.zip" >/dev/null \
  || { echo "check-packages: SentiMail.MachineLearning has no embedded model" >&2; exit 1; }
if unzip -p "$feed/SentiMail.Core.$version.nupkg" SentiMail.Core.nuspec | grep "Microsoft.ML" >/dev/null; then
  echo "check-packages: SentiMail.Core depends on ML.NET" >&2; exit 1
fi
echo "check-packages: packed SentiMail.Core $version" >&2

# The global packages folder caches a version once: drop any copy of this version so that the fresh one is used.
globals="$(dotnet nuget locals global-packages --list | sed -n 's/^global-packages: //p')"
rm -rf "$globals/sentimail.core/$version" "$globals/sentimail.cli/$version"

cat > "$work/nuget.config" <<XML
<?xml version="1.0" encoding="utf-8"?>
<configuration>
  <packageSources>
    <clear />
    <add key="local" value="$feed" />
    <add key="nuget.org" value="https://api.nuget.org/v3/index.json" />
  </packageSources>
</configuration>
XML
cat > "$work/Consumer.csproj" <<XML
<Project Sdk="Microsoft.NET.Sdk">
  <PropertyGroup>
    <OutputType>Exe</OutputType>
    <TargetFramework>net10.0</TargetFramework>
    <Nullable>enable</Nullable>
    <ImplicitUsings>enable</ImplicitUsings>
    <TreatWarningsAsErrors>true</TreatWarningsAsErrors>
  </PropertyGroup>
  <ItemGroup>
    <PackageReference Include="SentiMail.Core" Version="$version" />
    <PackageReference Include="Microsoft.Extensions.DependencyInjection" Version="10.0.15" />
  </ItemGroup>
</Project>
XML
cp "$root/eng/package-smoke/Program.cs" "$work/Program.cs"
dotnet run --project "$work/Consumer.csproj" -c Release -- "$root/samples/messages/phishing-paypal-en.eml" "$root/samples/messages/clean-personal-en.eml"

(cd "$work" && dotnet tool install SentiMail.Cli --version "$version" --tool-path "$work/tools" --configfile "$work/nuget.config" >/dev/null)
set +e
"$work/tools/sentimail" analyze "$root/samples/messages/malware-invoice-zip-en.eml" --fail-on malicious >/dev/null
code=$?
set -e
[ "$code" -eq 1 ] || { echo "check-packages: the installed sentimail tool returned $code instead of 1 for a malicious sample" >&2; exit 1; }
echo "check-packages: the packed library and tool work from a folder feed" >&2
