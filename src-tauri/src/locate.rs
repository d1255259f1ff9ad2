//! Asks the platform where the phone is. On Android and iOS that is the geolocation plugin;
//! a desktop has no location service, and says so instead of inventing a position.

use samverka_device::position::PositionReading;
#[cfg(desktop)]
use samverka_model::position::MissingReason;
use tauri::{AppHandle, Runtime};

/// How long a nurse at the door waits for a fix before the record says it is missing.
#[cfg(mobile)]
const FIX_TIMEOUT_MS: u32 = 10_000;

/// A fix this recent is as good as a new one (she has just parked).
#[cfg(mobile)]
const FIX_MAX_AGE_MS: u32 = 30_000;

/// The platform's answer. Blocking on mobile (the plugin waits for the fix): call it off the
/// async runtime's worker threads.
#[cfg(mobile)]
pub fn current<R: Runtime>(app: &AppHandle<R>) -> PositionReading {
    use samverka_model::position::MissingReason;
    use tauri::plugin::PermissionState;
    use tauri_plugin_geolocation::{GeolocationExt, PermissionType, PositionOptions};

    let geo = app.geolocation();
    let granted = |s: PermissionState| matches!(s, PermissionState::Granted);
    let allowed = match geo.check_permissions() {
        Ok(status) if granted(status.location) => true,
        Ok(_) => geo
            .request_permissions(Some(vec![PermissionType::Location]))
            .is_ok_and(|status| granted(status.location)),
        Err(e) => {
            tracing::warn!(error = %e, "location permission check failed");
            false
        }
    };
    if !allowed {
        return PositionReading::Missing(MissingReason::Denied);
    }
    let options = PositionOptions {
        enable_high_accuracy: true,
        timeout: FIX_TIMEOUT_MS,
        maximum_age: FIX_MAX_AGE_MS,
    };
    match geo.get_current_position(Some(options)) {
        Ok(p) => PositionReading::Fix {
            lat: p.coords.latitude,
            lon: p.coords.longitude,
            accuracy_m: p.coords.accuracy,
        },
        Err(e) => {
            tracing::warn!(error = %e, "no position fix");
            PositionReading::Missing(MissingReason::NoFix)
        }
    }
}

/// A desktop has no location service: the record says the position is missing and the nurse
/// picks the municipality.
#[cfg(desktop)]
pub fn current<R: Runtime>(_app: &AppHandle<R>) -> PositionReading {
    PositionReading::Missing(MissingReason::Unavailable)
}
