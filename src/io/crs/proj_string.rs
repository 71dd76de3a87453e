//! A system described by its parameters (WKT 1 or 2, or PROJJSON) written as a PROJ string
//! for proj4rs: every projection proj4rs implements (Albers, Lambert conformal conic and
//! azimuthal, stereographic, Mercator, Miller, Mollweide, equirectangular, cylindrical
//! equal-area, azimuthal equidistant, Swiss oblique Mercator, Krovak, Transverse Mercator),
//! on any ellipsoid, with a `TOWGS84` shift when the text gives one and any linear unit.

/// A system's parameters, whatever text they came in.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Definition {
    pub name: String,
    /// The projection method's name as written (`Albers_Conic_Equal_Area`,
    /// `Lambert Conic Conformal (2SP)`); `None` for a geographic system.
    pub method: Option<String>,
    /// Parameters by name as written, values in degrees or in the linear unit.
    pub parameters: Vec<(String, f64)>,
    pub semi_major: f64,
    pub inverse_flattening: f64,
    pub towgs84: Option<Vec<f64>>,
    /// Metres per linear unit (1 for metres, 0.3048 for international feet).
    pub metres_per_unit: f64,
}

/// A projection method in proj4rs's terms.
struct Method {
    proj: &'static str,
    /// WKT 1, WKT 2 and Esri names, normalised (lower case, `_` for spaces and dashes).
    names: &'static [&'static str],
}

const METHODS: &[Method] = &[
    Method {
        proj: "aea",
        names: &["albers", "albers_conic_equal_area", "albers_equal_area"],
    },
    Method {
        proj: "lcc",
        names: &[
            "lambert_conformal_conic",
            "lambert_conformal_conic_1sp",
            "lambert_conformal_conic_2sp",
            "lambert_conic_conformal_(1sp)",
            "lambert_conic_conformal_(2sp)",
        ],
    },
    Method {
        proj: "laea",
        names: &["lambert_azimuthal_equal_area"],
    },
    Method {
        proj: "stere",
        names: &[
            "polar_stereographic",
            "polar_stereographic_(variant_a)",
            "polar_stereographic_(variant_b)",
            "stereographic",
        ],
    },
    Method {
        proj: "sterea",
        names: &["oblique_stereographic", "double_stereographic"],
    },
    Method {
        proj: "merc",
        names: &[
            "mercator",
            "mercator_1sp",
            "mercator_2sp",
            "mercator_(variant_a)",
            "mercator_(variant_b)",
        ],
    },
    Method {
        proj: "mill",
        names: &["miller_cylindrical", "miller"],
    },
    Method {
        proj: "moll",
        names: &["mollweide"],
    },
    Method {
        proj: "eqc",
        names: &[
            "equirectangular",
            "equidistant_cylindrical",
            "plate_carree",
            "equidistant_cylindrical_(spherical)",
        ],
    },
    Method {
        proj: "cea",
        names: &[
            "cylindrical_equal_area",
            "lambert_cylindrical_equal_area",
            "behrmann",
        ],
    },
    Method {
        proj: "aeqd",
        names: &["azimuthal_equidistant"],
    },
    Method {
        proj: "somerc",
        names: &[
            "hotine_oblique_mercator_azimuth_center",
            "swiss_oblique_cylindrical",
        ],
    },
    Method {
        proj: "krovak",
        names: &["krovak"],
    },
    Method {
        proj: "tmerc",
        names: &["transverse_mercator", "gauss_kruger"],
    },
];

/// PROJ keys and the parameter names that give them (normalised).
const KEYS: &[(&str, &[&str])] = &[
    (
        "lat_1",
        &["standard_parallel_1", "latitude_of_1st_standard_parallel"],
    ),
    (
        "lat_2",
        &["standard_parallel_2", "latitude_of_2nd_standard_parallel"],
    ),
    (
        "lat_0",
        &[
            "latitude_of_origin",
            "latitude_of_center",
            "latitude_of_centre",
            "latitude_of_false_origin",
            "latitude_of_natural_origin",
            "latitude_of_projection_centre",
        ],
    ),
    (
        "lon_0",
        &[
            "central_meridian",
            "longitude_of_center",
            "longitude_of_centre",
            "longitude_of_false_origin",
            "longitude_of_natural_origin",
            "longitude_of_origin",
            "longitude_of_projection_centre",
        ],
    ),
    (
        "k_0",
        &[
            "scale_factor",
            "scale_factor_at_natural_origin",
            "scale_factor_on_initial_line",
        ],
    ),
    (
        "x_0",
        &[
            "false_easting",
            "easting_at_false_origin",
            "easting_at_projection_centre",
        ],
    ),
    (
        "y_0",
        &[
            "false_northing",
            "northing_at_false_origin",
            "northing_at_projection_centre",
        ],
    ),
    (
        "lat_ts",
        &["latitude_of_standard_parallel", "standard_parallel"],
    ),
];

fn normalised(name: &str) -> String {
    name.trim().to_ascii_lowercase().replace([' ', '-'], "_")
}

/// The PROJ string of a definition, or why proj4rs cannot draw it (naming the projection).
pub fn proj_string(definition: &Definition) -> Result<String, String> {
    let mut out = match &definition.method {
        None => "+proj=longlat".to_owned(),
        Some(method) => {
            let wanted = normalised(method);
            let found = METHODS
                .iter()
                .find(|m| m.names.contains(&wanted.as_str()))
                .ok_or_else(|| {
                    format!(
                        "its projection \"{method}\" is not one the app can convert (it converts \
                         Transverse Mercator, Albers, Lambert, stereographic, Mercator, Miller, \
                         Mollweide, equirectangular, equal-area cylindrical, azimuthal \
                         equidistant, oblique Mercator and Krovak)"
                    )
                })?;
            let mut out = format!("+proj={}", found.proj);
            let standard_parallel = |key: &str| key == "lat_1" || key == "lat_2";
            for (key, names) in KEYS {
                let value = definition
                    .parameters
                    .iter()
                    .find(|(n, _)| names.contains(&normalised(n).as_str()))
                    .map(|(_, v)| *v);
                let Some(mut value) = value else { continue };
                if *key == "x_0" || *key == "y_0" {
                    value *= definition.metres_per_unit;
                }
                // Polar stereographic B gives its standard parallel as a latitude of true scale.
                let key = if found.proj == "stere" && standard_parallel(key) {
                    "lat_ts"
                } else {
                    key
                };
                out.push_str(&format!(" +{key}={value}"));
            }
            if found.proj == "stere" && !out.contains("+lat_0=") {
                let pole = if out.contains("+lat_ts=-") { -90 } else { 90 };
                out.push_str(&format!(" +lat_0={pole}"));
            }
            // Lambert 1SP: the one standard parallel is the latitude of origin.
            if found.proj == "lcc"
                && !out.contains("+lat_1=")
                && let Some(lat_0) = parameter(&out, "lat_0")
            {
                out.push_str(&format!(" +lat_1={lat_0}"));
            }
            out
        }
    };
    let (a, rf) = (definition.semi_major, definition.inverse_flattening);
    if !(a.is_finite() && a > 1e6 && rf.is_finite() && rf >= 0.0) {
        return Err(format!(
            "its ellipsoid ({a} m, 1/f {rf}) is not one of the Earth"
        ));
    }
    if rf == 0.0 {
        out.push_str(&format!(" +a={a} +b={a}"));
    } else {
        out.push_str(&format!(" +a={a} +rf={rf}"));
    }
    if let Some(shift) = &definition.towgs84 {
        let values: Vec<String> = shift.iter().map(f64::to_string).collect();
        out.push_str(&format!(" +towgs84={}", values.join(",")));
    }
    if definition.method.is_some() {
        out.push_str(&format!(" +to_meter={}", definition.metres_per_unit));
    }
    out.push_str(" +no_defs");
    proj4rs::Proj::from_proj_string(&out)
        .map_err(|e| format!("its parameters do not make a projection proj4rs accepts ({e})"))?;
    Ok(out)
}

fn parameter(proj: &str, key: &str) -> Option<String> {
    proj.split_whitespace()
        .find_map(|p| p.strip_prefix('+')?.strip_prefix(key)?.strip_prefix('='))
        .map(str::to_owned)
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    fn albers() -> Definition {
        Definition {
            name: "Krasovsky_1940_Albers".into(),
            method: Some("Albers".into()),
            parameters: vec![
                ("False_Easting".into(), 0.0),
                ("False_Northing".into(), 0.0),
                ("Central_Meridian".into(), 105.0),
                ("Standard_Parallel_1".into(), 25.0),
                ("Standard_Parallel_2".into(), 47.0),
                ("Latitude_Of_Origin".into(), 0.0),
            ],
            semi_major: 6_378_245.0,
            inverse_flattening: 298.3,
            towgs84: None,
            metres_per_unit: 1.0,
        }
    }

    #[test]
    fn an_esri_albers_becomes_aea_with_its_parallels() {
        let proj = proj_string(&albers()).unwrap();
        for part in [
            "+proj=aea",
            "+lat_1=25",
            "+lat_2=47",
            "+lon_0=105",
            "+a=6378245",
            "+rf=298.3",
        ] {
            assert!(proj.contains(part), "{part} in {proj}");
        }
    }

    #[test]
    fn robinson_is_refused_by_name() {
        let mut robinson = albers();
        robinson.method = Some("Robinson".into());
        let e = proj_string(&robinson).unwrap_err();
        assert!(e.contains("\"Robinson\""), "{e}");
    }
}
