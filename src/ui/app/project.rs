//! Saving and opening projects (`.atlas`, [`crate::project`]) from the window. Both run off
//! the UI thread. Opening replaces the user's layers with the project's; a source that is
//! gone stays in the list as an empty layer that says so, never a failed open.

use std::path::{Path, PathBuf};
use std::sync::mpsc::Receiver;

use super::AtlasApp;
use crate::project::Project;
use crate::ui::notices::Notice;
use crate::ui::session::Session;

/// A save or an open in flight.
pub(super) enum ProjectJob {
    Saving(PathBuf, Receiver<Result<(), String>>),
    Opening(PathBuf, Receiver<Result<Project, String>>),
}

impl AtlasApp {
    /// The map as a project: every layer with its source and look, the reading choices, the
    /// view, the vintage and the basemap.
    pub fn project(&self) -> Project {
        let session = self.session();
        let mut project = Project::new(session.vintage);
        project.order = session.order;
        project.bundled = session.bundled;
        project.files = session.files;
        project.database_layers = session.database_layers;
        project.gcj02_files = session.gcj02_files;
        project.bd09_files = session.bd09_files;
        project.file_encodings = session.file_encodings;
        project.file_placements = session.file_placements;
        project.file_layers = session.file_layers;
        project.view = session.view;
        project.basemap = serde_json::to_value(&session.basemap).ok();
        project
    }

    /// Writes the project to `path` (`.atlas` added if it has no extension), off the UI thread.
    pub fn save_project(&mut self, path: &Path) {
        let mut path = path.to_path_buf();
        if path.extension().is_none() {
            path.set_extension(crate::project::EXTENSION);
        }
        let project = self.project();
        let target = path.clone();
        let ctx = self.ctx.clone();
        let done = crate::parallel::spawn_with_result(
            "save project",
            move || project.save(&target),
            move || ctx.request_repaint(),
        );
        self.project_jobs.push(ProjectJob::Saving(path, done));
    }

    /// Reads the project at `path` off the UI thread; it replaces the map when it arrives.
    pub fn open_project(&mut self, path: &Path) {
        let target = path.to_path_buf();
        let ctx = self.ctx.clone();
        let done = crate::parallel::spawn_with_result(
            "open project",
            move || Project::open(&target),
            move || ctx.request_repaint(),
        );
        self.project_jobs
            .push(ProjectJob::Opening(path.to_path_buf(), done));
    }

    /// Whether a project is being saved or read.
    pub fn is_busy_with_project(&self) -> bool {
        !self.project_jobs.is_empty()
    }

    /// Saves and opens that have finished: a notice each, and an opened project shown.
    pub(super) fn poll_projects(&mut self) {
        let jobs = std::mem::take(&mut self.project_jobs);
        for job in jobs {
            match job {
                ProjectJob::Saving(path, done) => match done.try_recv() {
                    Ok(Ok(())) => self.notices.push(Notice::info(crate::i18n::trf(
                        "Project saved to {path}",
                        &[("path", &path.display())],
                    ))),
                    Ok(Err(e)) => self.notices.push(Notice::error(e)),
                    Err(_) => self.project_jobs.push(ProjectJob::Saving(path, done)),
                },
                ProjectJob::Opening(path, done) => match done.try_recv() {
                    Ok(Ok(project)) => self.show_project(project),
                    Ok(Err(e)) => self.notices.push(Notice::error(e)),
                    Err(_) => self.project_jobs.push(ProjectJob::Opening(path, done)),
                },
            }
        }
    }

    /// The project's layers in place of the user's (files, tables, tools' layers), with its
    /// looks, reading choices, view, vintage and basemap.
    fn show_project(&mut self, project: Project) {
        for index in (0..self.layers.len()).rev() {
            let Some(layer) = self.layers.get(index) else {
                continue;
            };
            if !layer.kind.is_bundled() {
                let id = layer.id.clone();
                self.picks.forget_layer(&id);
                if layer.source.is_database() {
                    self.pg.remove(&id);
                }
                self.layers.remove(index);
            }
        }
        self.table = None;
        let basemap = (project.basemap.clone())
            .and_then(|b| serde_json::from_value(b).ok())
            .unwrap_or_else(|| self.basemap.choice().clone());
        let session = Session {
            order: project.order,
            bundled: project.bundled,
            files: project.files,
            gcj02_files: project.gcj02_files,
            bd09_files: project.bd09_files,
            file_encodings: project.file_encodings,
            file_placements: project.file_placements,
            file_layers: project.file_layers,
            database_layers: project.database_layers,
            connections: self.pg.recent.clone(),
            view: project.view,
            vintage: project.vintage,
            basemap,
            language: None,
            theme: self.theme,
        };
        self.restore_keeping_missing(session);
    }
}
