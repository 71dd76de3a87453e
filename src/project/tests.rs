use super::*;
use crate::model::Rgba;

fn sample(folder: &Path) -> Project {
    let mut project = Project::new(Vintage::Current);
    let data = folder.join("data/points.csv");
    project.files.push(FileLayer {
        path: data.clone(),
        name: None,
        layer: None,
        visible: true,
        opacity: 0.8,
        color: Rgba::rgb(10, 20, 30),
        colour_by: None,
        graduated: None,
        filter: Some("tonnes > 3".into()),
        proportional: None,
        labels: None,
    });
    project.order = vec![
        "districts".into(),
        crate::load::user_layer_identity(&data, None).0.0,
    ];
    project.gcj02_files.push(data);
    project.view = Some((106.5, 29.5, 9.0));
    project
}

fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("atlas-project-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(dir.join("data")).expect("scratch folder");
    std::fs::canonicalize(&dir).expect("absolute")
}

#[test]
fn paths_are_kept_relative_and_a_moved_folder_still_opens() {
    let folder = scratch("moves");
    let project = sample(&folder);
    let path = folder.join("map.atlas");
    project.save(&path).expect("saves");
    let text = std::fs::read_to_string(&path).expect("written");
    assert!(text.contains("\"data/points.csv\""), "{text}");
    assert!(
        !text.contains(folder.to_str().expect("utf-8")),
        "no absolute path: {text}"
    );
    assert_eq!(Project::open(&path).expect("opens"), project);

    let moved = scratch("moved");
    std::fs::rename(&path, moved.join("map.atlas")).expect("moved");
    let reopened = Project::open(&moved.join("map.atlas")).expect("opens");
    assert_eq!(reopened.files[0].path, moved.join("data/points.csv"));
    assert_eq!(reopened.gcj02_files[0], moved.join("data/points.csv"));
    let id = crate::load::user_layer_identity(&moved.join("data/points.csv"), None)
        .0
        .0;
    assert_eq!(reopened.order[1], id, "the drawing order follows the move");
}

#[test]
fn a_damaged_or_foreign_file_is_refused_with_where_and_why() {
    let path = Path::new("/somewhere/map.atlas");
    let error = Project::from_text(
        "{\"format\": \"chongqing-atlas project\",\n  \"version\": 1,,}",
        path,
    )
    .expect_err("bad JSON");
    assert!(error.contains("line 2"), "{error}");
    let error = Project::from_text("{\"type\": \"FeatureCollection\"}", path).expect_err("GeoJSON");
    assert!(error.contains("not a Chongqing Atlas project"), "{error}");
    let error = Project::from_text(
        "{\"format\": \"chongqing-atlas project\", \"version\": 9}",
        path,
    )
    .expect_err("future");
    assert!(error.contains("version 9"), "{error}");
}
