//! PROJJSON, the JSON form of a coordinate system (GeoParquet's `crs`, `projinfo -o
//! PROJJSON`): its EPSG code when it has one the engine knows, else its definition.

use serde_json::Value;

use super::Crs;
use super::custom::{CustomId, CustomSystem};
use super::proj_string::{Definition, proj_string};

/// The system a PROJJSON object describes, or why it cannot be used.
pub fn crs_from_projjson(value: &Value) -> Result<Crs, String> {
    let name = value["name"].as_str().unwrap_or("unnamed").to_owned();
    if let Some(code) = epsg_code(value) {
        let crs = if code == 4326 {
            Crs::Wgs84
        } else {
            Crs::Epsg(code)
        };
        if super::Reprojection::new(crs).is_ok() {
            return Ok(crs);
        }
    }
    let kind = value["type"].as_str().unwrap_or_default();
    let geographic = match kind {
        "GeographicCRS" | "GeodeticCRS" => true,
        "ProjectedCRS" => false,
        other => {
            return Err(format!(
                "coordinate system \"{name}\" is a {other:?} in PROJJSON: only geographic and \
                 projected systems can be read"
            ));
        }
    };
    let geodetic = if geographic {
        value
    } else {
        &value["base_crs"]
    };
    let datum = if geodetic["datum"].is_object() {
        &geodetic["datum"]
    } else {
        &geodetic["datum_ensemble"]
    };
    let ellipsoid = &datum["ellipsoid"];
    let semi_major = ellipsoid["semi_major_axis"]
        .as_f64()
        .or_else(|| ellipsoid["radius"].as_f64())
        .unwrap_or(f64::NAN);
    let inverse_flattening = match (
        ellipsoid["inverse_flattening"].as_f64(),
        ellipsoid["semi_minor_axis"].as_f64(),
    ) {
        (Some(rf), _) => rf,
        (None, Some(b)) if b != semi_major => semi_major / (semi_major - b),
        _ => 0.0,
    };
    let conversion = &value["conversion"];
    let parameters = conversion["parameters"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|p| Some((p["name"].as_str()?.to_owned(), p["value"].as_f64()?)))
        .collect();
    let metres_per_unit = match &value["coordinate_system"]["axis"][0]["unit"] {
        Value::Object(unit) => unit["conversion_factor"].as_f64().unwrap_or(1.0),
        Value::String(unit) if unit == "US survey foot" => 1200.0 / 3937.0,
        Value::String(unit) if unit == "foot" => 0.3048,
        _ => 1.0,
    };
    let definition = Definition {
        name: name.clone(),
        method: (!geographic).then(|| {
            conversion["method"]["name"]
                .as_str()
                .unwrap_or_default()
                .to_owned()
        }),
        parameters,
        semi_major,
        inverse_flattening,
        towgs84: None,
        metres_per_unit,
    };
    let proj =
        proj_string(&definition).map_err(|e| format!("coordinate system \"{name}\": {e}"))?;
    Ok(Crs::Custom(CustomId::intern(CustomSystem { name, proj })))
}

fn epsg_code(value: &Value) -> Option<u32> {
    let id = &value["id"];
    let authority = id["authority"].as_str()?;
    if !authority.eq_ignore_ascii_case("EPSG") {
        return None;
    }
    match &id["code"] {
        Value::Number(n) => n.as_u64().and_then(|c| u32::try_from(c).ok()),
        Value::String(s) => s.parse().ok(),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    fn fixture() -> Value {
        let path = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/fixtures/projections/districts_albers.projjson"
        );
        serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
    }

    #[test]
    fn an_esri_albers_in_projjson_converts_where_proj_puts_it() {
        let mut value = fixture();
        // Without its ESRI id, so that the definition itself is read.
        value.as_object_mut().unwrap().remove("id");
        let crs = crs_from_projjson(&value).unwrap();
        assert!(matches!(crs, Crs::Custom(_)), "{crs:?}");
        // gdaltransform -s_srs EPSG:4326 -t_srs ESRI:102025: 106.55, 29.56 →
        let p = super::super::Reprojection::new(crs)
            .unwrap()
            .coord(geo::coord! { x: 1_043_109.654_732_62, y: 9_122.321_503_472_87 })
            .unwrap();
        assert!(
            (p.x - 106.55).abs() < 1e-7 && (p.y - 29.56).abs() < 1e-7,
            "{p:?}"
        );
    }

    #[test]
    fn an_epsg_id_is_taken_and_an_engineering_system_refused() {
        let value = serde_json::json!({"type": "ProjectedCRS", "name": "CGCS2000 / 3-degree Gauss-Kruger CM 108E",
            "id": {"authority": "EPSG", "code": 4545}});
        assert_eq!(crs_from_projjson(&value), Ok(Crs::Epsg(4545)));
        let local = serde_json::json!({"type": "EngineeringCRS", "name": "site grid"});
        assert!(
            crs_from_projjson(&local)
                .unwrap_err()
                .contains("EngineeringCRS")
        );
    }
}
