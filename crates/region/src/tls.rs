//! TLS for the region: rustls on the ring provider (aws-lc-rs would need cmake and nasm to
//! build), certificates and keys as PEM files, and a self-signed certificate for local runs
//! that a phone trusts by pinning it as its only root.

use rustls::ServerConfig;
use rustls::pki_types::pem::PemObject;
use rustls::pki_types::{CertificateDer, PrivateKeyDer};
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// A TLS set-up failure.
#[derive(Debug, thiserror::Error)]
pub enum TlsError {
    /// A PEM file could not be read or holds nothing usable.
    #[error("{path}: {message}")]
    Pem {
        /// The file.
        path: PathBuf,
        /// What was wrong.
        message: String,
    },
    /// rustls refused the certificate and key (e.g. they do not belong together).
    #[error("TLS configuration: {0}")]
    Config(#[from] rustls::Error),
    /// The certificate could not be generated.
    #[error("generating the certificate: {0}")]
    Generate(#[from] rcgen::Error),
    /// Writing the generated files failed.
    #[error("{path}: {source}")]
    Write {
        /// The file.
        path: PathBuf,
        /// Why.
        source: std::io::Error,
    },
}

fn pem_error(path: &Path, message: impl std::fmt::Display) -> TlsError {
    TlsError::Pem {
        path: path.to_owned(),
        message: message.to_string(),
    }
}

/// A server configuration from a PEM certificate chain (leaf first) and a PEM private key,
/// offering HTTP/1.1 by ALPN (the region speaks nothing else).
pub fn server_config(cert: &Path, key: &Path) -> Result<Arc<ServerConfig>, TlsError> {
    let chain: Vec<CertificateDer<'static>> = CertificateDer::pem_file_iter(cert)
        .map_err(|e| pem_error(cert, e))?
        .collect::<Result<_, _>>()
        .map_err(|e| pem_error(cert, e))?;
    if chain.is_empty() {
        return Err(pem_error(cert, "no certificate in the file"));
    }
    let key = PrivateKeyDer::from_pem_file(key).map_err(|e| pem_error(key, e))?;
    let mut config =
        ServerConfig::builder_with_provider(Arc::new(rustls::crypto::ring::default_provider()))
            .with_safe_default_protocol_versions()?
            .with_no_client_auth()
            .with_single_cert(chain, key)?;
    config.alpn_protocols = vec![b"http/1.1".to_vec()];
    Ok(Arc::new(config))
}

/// Where [`self_signed`] wrote the certificate and key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Generated {
    /// `cert.pem`.
    pub cert: PathBuf,
    /// `key.pem` (mode 0600).
    pub key: PathBuf,
}

/// Days a generated certificate is valid: long enough for a development machine, short
/// enough that a forgotten one expires.
pub const SELF_SIGNED_DAYS: i64 = 825;

/// Generates a self-signed certificate for `host`, `localhost`, `127.0.0.1` and `::1` (as
/// subject alternative names) into `dir/cert.pem` and `dir/key.pem`, the key readable only by
/// its owner.
pub fn self_signed(dir: &Path, host: &str) -> Result<Generated, TlsError> {
    let mut names: Vec<String> = vec![host.to_owned()];
    for n in ["localhost", "127.0.0.1", "::1"] {
        if !names.iter().any(|have| have == n) {
            names.push(n.to_owned());
        }
    }
    let mut params = rcgen::CertificateParams::new(names)?;
    params
        .distinguished_name
        .push(rcgen::DnType::CommonName, host);
    let now = time::OffsetDateTime::now_utc();
    params.not_before = now - time::Duration::days(1);
    params.not_after = now + time::Duration::days(SELF_SIGNED_DAYS);
    let key_pair = rcgen::KeyPair::generate()?;
    let cert = params.self_signed(&key_pair)?;

    std::fs::create_dir_all(dir).map_err(|source| TlsError::Write {
        path: dir.to_owned(),
        source,
    })?;
    let out = Generated {
        cert: dir.join("cert.pem"),
        key: dir.join("key.pem"),
    };
    write_private(&out.key, key_pair.serialize_pem().as_bytes())?;
    std::fs::write(&out.cert, cert.pem()).map_err(|source| TlsError::Write {
        path: out.cert.clone(),
        source,
    })?;
    Ok(out)
}

/// Writes `bytes` to a file created with mode 0600 (an existing file is truncated and set to
/// 0600 as well), so the key is never readable by others, not even for a moment.
fn write_private(path: &Path, bytes: &[u8]) -> Result<(), TlsError> {
    use std::io::Write;
    use std::os::unix::fs::{OpenOptionsExt, PermissionsExt};
    let err = |source| TlsError::Write {
        path: path.to_owned(),
        source,
    };
    let mut f = std::fs::OpenOptions::new()
        .write(true)
        .create(true)
        .truncate(true)
        .mode(0o600)
        .open(path)
        .map_err(err)?;
    f.set_permissions(std::fs::Permissions::from_mode(0o600))
        .map_err(err)?;
    f.write_all(bytes).map_err(err)?;
    f.sync_all().map_err(err)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_generated_pair_loads_and_its_key_is_private() {
        let dir = tempfile::tempdir().expect("temp dir");
        let out = self_signed(dir.path(), "region.test").expect("generate");
        assert!(server_config(&out.cert, &out.key).is_ok());
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&out.key).map(|m| m.permissions().mode() & 0o777);
        assert_eq!(mode.ok(), Some(0o600));
        let pem = std::fs::read_to_string(&out.cert).unwrap_or_default();
        assert!(pem.starts_with("-----BEGIN CERTIFICATE-----"));
    }

    #[test]
    fn a_key_that_is_not_the_certificates_is_refused() {
        let a = tempfile::tempdir().expect("temp dir");
        let b = tempfile::tempdir().expect("temp dir");
        let one = self_signed(a.path(), "one").expect("generate");
        let two = self_signed(b.path(), "two").expect("generate");
        assert!(server_config(&one.cert, &two.key).is_err());
        assert!(matches!(
            server_config(&a.path().join("missing.pem"), &one.key),
            Err(TlsError::Pem { .. })
        ));
    }
}
