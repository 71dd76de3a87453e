//! Systems with no EPSG code: an Albers or Lambert projection defined only by its parameters
//! (how Chinese land-use and ecological data comes, `Krasovsky_1940_Albers`), kept as PROJ
//! strings for proj4rs. A [`Crs`](super::Crs) stays `Copy` by holding a number into this
//! process-wide list; in a session it is written out as its definition and interned again
//! when read back, so the number never has to mean the same thing twice.

use std::sync::{Mutex, OnceLock};

/// One system known only by its definition.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct CustomSystem {
    /// The name the file gives it (`Asia_North_Albers_Equal_Area_Conic`).
    pub name: String,
    /// Its PROJ string, as proj4rs reads it.
    pub proj: String,
}

/// A number into the process's list of [`CustomSystem`]s.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct CustomId(u32);

fn systems() -> &'static Mutex<Vec<CustomSystem>> {
    static SYSTEMS: OnceLock<Mutex<Vec<CustomSystem>>> = OnceLock::new();
    SYSTEMS.get_or_init(|| Mutex::new(Vec::new()))
}

impl CustomId {
    /// The number of `system`, the same one for the same definition.
    pub fn intern(system: CustomSystem) -> Self {
        let mut list = systems().lock().unwrap_or_else(|p| p.into_inner());
        let at = match list.iter().position(|s| *s == system) {
            Some(at) => at,
            None => {
                list.push(system);
                list.len() - 1
            }
        };
        Self(u32::try_from(at).unwrap_or(u32::MAX))
    }

    pub fn system(self) -> CustomSystem {
        let list = systems().lock().unwrap_or_else(|p| p.into_inner());
        list.get(self.0 as usize).cloned().unwrap_or(CustomSystem {
            name: "unknown".into(),
            proj: String::new(),
        })
    }
}

impl serde::Serialize for CustomId {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.system().serialize(serializer)
    }
}

impl<'de> serde::Deserialize<'de> for CustomId {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        CustomSystem::deserialize(deserializer).map(Self::intern)
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn a_definition_is_interned_once_and_survives_a_session_round_trip() {
        let albers = CustomSystem {
            name: "Krasovsky_1940_Albers".into(),
            proj: "+proj=aea +lat_1=25 +lat_2=47 +lon_0=105 +ellps=krass +units=m".into(),
        };
        let id = CustomId::intern(albers.clone());
        assert_eq!(CustomId::intern(albers.clone()), id);
        let text = serde_json::to_string(&id).unwrap();
        assert!(text.contains("Krasovsky_1940_Albers"), "{text}");
        let back: CustomId = serde_json::from_str(&text).unwrap();
        assert_eq!(back, id);
        assert_eq!(back.system(), albers);
    }
}
