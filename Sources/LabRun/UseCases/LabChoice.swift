import Foundation
import LabKit

/// Which lab a command works on: the labs folder (`--labs DIR`, else `$LABRUN_LABS`, else ./Labs)
/// and the lab in it (`--lab ID` or a path, else the current lab that `labrun start` remembered).
public struct LabChoice: Sendable {
    /// `--labs`, when given.
    public var labsFolder: String?
    /// `--lab`, when given: an id or a file path.
    public var lab: String?
    /// Where the current lab is remembered.
    public var state: LabRunState

    /// A choice from the command's options.
    public init(labsFolder: String? = nil, lab: String? = nil, state: LabRunState = LabRunState()) {
        self.labsFolder = labsFolder
        self.lab = lab
        self.state = state
    }

    /// The labs folder.
    public var catalog: LabCatalog { LabCatalog.resolve(explicit: labsFolder) }

    /// The Solutions folder beside the labs folder.
    public var solutionsFolder: URL { Exercise.solutionsFolder(besides: catalog.folder) }

    /// The chosen lab.
    /// - Throws: `UsageError` naming the labs there are, when none was started or the id is unknown.
    public func resolve() throws -> Lab {
        let catalog = self.catalog
        do {
            guard let reference = lab ?? state.currentLab() else {
                throw LabLookupError.noCurrentLab(available: catalog.ids)
            }
            return try catalog.lab(reference)
        } catch let error as LabLookupError {
            throw UsageError(error.description)
        }
    }

    /// The lab named `reference` (an id or a path) in the labs folder.
    /// - Throws: `UsageError` naming the labs there are.
    public func lab(_ reference: String) throws -> Lab {
        do {
            return try catalog.lab(reference)
        } catch {
            throw UsageError(error.description)
        }
    }
}
